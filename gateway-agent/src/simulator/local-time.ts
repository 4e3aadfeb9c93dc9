import { wallClockFormatter } from '../../../common/src/wall-clock.ts';

const pad = (n: string) => n.padStart(2, '0');

// A memo of a pure function, not shared state: the simulator asks for the same few zones for
// every sample, and building a formatter costs ~100× more than using one (bench/system's load
// generator was CPU-bound on it).
const formatters = new Map<string, Intl.DateTimeFormat>();
function zoneFormatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) formatters.set(tz, (f = wallClockFormatter(tz)));
  return f;
}

function formatLocal(formatter: Intl.DateTimeFormat, t: number): string {
  const p = Object.fromEntries(formatter.formatToParts(new Date(t)).map((x) => [x.type, x.value]));
  return `${p.year}-${pad(p.month!)}-${pad(p.day!)}T${pad(p.hour!)}:${pad(p.minute!)}:${pad(p.second!)}`;
}

/** The wall-clock `YYYY-MM-DDTHH:MM:SS` of instant t in zone tz: what a device's clock shows. */
export function localDateTime(t: number, tz: string): string {
  return formatLocal(zoneFormatter(tz), t);
}

/** The local clock time of instant t in zone tz as fractional hours (07:30 → 7.5). */
export function localHour(t: number, tz: string): number {
  const parts = zoneFormatter(tz).formatToParts(new Date(t));
  const h = Number(parts.find((p) => p.type === 'hour')!.value);
  const m = Number(parts.find((p) => p.type === 'minute')!.value);
  return h + m / 60;
}

/** Instants in [from, to) at the given local clock times (hours, e.g. 7.5 = 07:30) each local day. */
export function dailyAt(from: number, to: number, tz: string, hours: number[]): number[] {
  const out: number[] = [];
  // walk in 15-minute steps: cheap, and exact for clock times on the quarter hour, DST included;
  const formatter = zoneFormatter(tz);
  const step = 15 * 60_000;
  const wanted = new Set(hours.map((h) => Math.round(h * 4)));
  for (let t = Math.ceil(from / step) * step; t < to; t += step) {
    const [hh, mm] = formatLocal(formatter, t).slice(11, 16).split(':').map(Number) as [number, number];
    if (wanted.has(hh * 4 + mm / 15)) out.push(t);
  }
  return out;
}
