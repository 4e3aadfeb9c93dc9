/**
 * Wall-clock time in an IANA time zone, with nothing but Intl: clinic hours are local ("09:00 on
 * Mondays in America/New_York") while slots are instants, and the two differ by an offset that
 * changes twice a year.
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Reads the wall clock of one zone at any instant. Build one per zone and reuse it: Intl formatters are costly. */
export interface ZoneReader {
  readonly timeZone: string;
  /** The zone's offset from UTC at `ms`, in milliseconds (New York in summer: −4 h). */
  offsetAt(ms: number): number;
}

/** @throws RangeError for an unknown time zone */
export function zoneReader(timeZone: string): ZoneReader {
  const f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
  return {
    timeZone,
    offsetAt(ms) {
      const whole = Math.floor(ms / 1000) * 1000;
      const p = Object.fromEntries(f.formatToParts(new Date(whole)).map((x) => [x.type, Number(x.value)]));
      return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) - whole;
    },
  };
}

/** A calendar date `YYYY-MM-DD` as the UTC midnight that names it (for date arithmetic only). */
export const dateMs = (isoDate: string): number => Date.parse(`${isoDate}T00:00:00Z`);
/** The calendar date `YYYY-MM-DD` a dateMs value names. */
export const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
/** The date `days` after (or before, when negative) a date. */
export const addDays = (isoDay: string, days: number): string => isoDate(dateMs(isoDay) + days * DAY_MS);
/** ISO weekday of a date: 1 = Monday … 7 = Sunday. */
export const isoWeekday = (isoDay: string): number => ((new Date(dateMs(isoDay)).getUTCDay() + 6) % 7) + 1;

/** The local calendar date in the zone at an instant. */
export function localDate(zone: ZoneReader, at: Date): string {
  return isoDate(at.getTime() + zone.offsetAt(at.getTime()));
}

/**
 * The instant at which the zone's clocks show `minuteOfDay` on `isoDay`. Around a DST change a wall
 * time can be missing (spring forward: 02:30 never happens) — null — or happen twice (fall back:
 * 01:30 happens in daylight time, then again in standard time) — the first, earlier, instant.
 */
export function zonedInstant(zone: ZoneReader, isoDay: string, minuteOfDay: number): Date | null {
  const wall = dateMs(isoDay) + minuteOfDay * 60_000;
  // the offsets in force half a day either side cover any single transition near this wall time
  const offsets = [...new Set([zone.offsetAt(wall - 12 * HOUR_MS), zone.offsetAt(wall + 12 * HOUR_MS)])];
  const matches = offsets.map((o) => wall - o).filter((t) => t + zone.offsetAt(t) === wall);
  return matches.length ? new Date(Math.min(...matches)) : null;
}

/** `HH:MM` or `HH:MM:SS` (PostgreSQL `time`) as minutes after midnight. */
export function minuteOfDay(time: string): number {
  const m = /^(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?$/.exec(time);
  if (!m) throw new RangeError(`not a time of day: ${time}`);
  return Number(m[1]) * 60 + Number(m[2]);
}
