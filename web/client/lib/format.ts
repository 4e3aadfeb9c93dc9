/** Dates, times and numbers in the reader's own locale and time zone. */

const dateTime = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: 'numeric', minute: '2-digit' });
const dateOnly = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
const timeOnly = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });

export const formatDateTime = (iso: string | number | Date): string => dateTime.format(new Date(iso));
export const formatDate = (iso: string | number | Date): string => dateOnly.format(new Date(iso.toString().length === 10 ? `${iso}T12:00:00` : iso));
export const formatTime = (iso: string | number | Date): string => timeOnly.format(new Date(iso));

/** "5 minutes ago", "yesterday": how recent a reading is, in words. */
export function ago(iso: string | number | Date, now = Date.now()): string {
  const s = Math.round((now - new Date(iso).getTime()) / 1000);
  const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  if (s < 60) return rtf.format(-Math.max(0, s), 'second');
  if (s < 3600) return rtf.format(-Math.round(s / 60), 'minute');
  if (s < 86_400) return rtf.format(-Math.round(s / 3600), 'hour');
  return rtf.format(-Math.round(s / 86_400), 'day');
}

export function formatNumber(n: number | null | undefined, digits = 0): string {
  return n === null || n === undefined ? '–' : n.toLocaleString(undefined, { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

export function formatMoney(cents: number, currency = 'USD'): string {
  return (cents / 100).toLocaleString(undefined, { style: 'currency', currency });
}

/** Units as people say them. */
export const UNIT_WORDS: Record<string, string> = { 'mm[Hg]': 'mmHg', '/min': 'beats/min', Cel: '°C', 'kg/m2': 'kg/m²' };
export const unitText = (u: string): string => UNIT_WORDS[u] ?? u;

/** ISO instant `days` days before now, and now: a chart period. */
export function lastDays(days: number, now = Date.now()): { from: string; to: string } {
  return { from: new Date(now - days * 86_400_000).toISOString(), to: new Date(now + 60_000).toISOString() };
}
