/** The wall-clock `YYYY-MM-DDTHH:MM:SS` of instant t in zone tz: what a device's clock shows. */
export function localDateTime(t: number, tz: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(t));
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}:${get('second')}`;
}

/** Instants in [from, to) at the given local clock times (hours, e.g. 7.5 = 07:30) each local day. */
export function dailyAt(from: number, to: number, tz: string, hours: number[]): number[] {
  const out: number[] = [];
  // walk in 15-minute steps: cheap, and exact for clock times on the quarter hour, DST included
  const step = 15 * 60_000;
  const wanted = new Set(hours.map((h) => Math.round(h * 4)));
  for (let t = Math.ceil(from / step) * step; t < to; t += step) {
    const [hh, mm] = localDateTime(t, tz).slice(11, 16).split(':').map(Number) as [number, number];
    if (wanted.has(hh * 4 + mm / 15)) out.push(t);
  }
  return out;
}
