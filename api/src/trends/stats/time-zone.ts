/**
 * Local calendar days in a patient's IANA time zone, with `Intl` only (no date library).
 *
 * A patient's day is their local day: "days with a reading" for billing, daily trend buckets and
 * the time-of-day axis of the AGP all follow the patient's wall clock, not UTC. Local days are
 * not all 24 hours long: on a daylight-saving change they last 23 or 25 hours, and in a few zones
 * (America/Santiago, America/Havana) the clock jumps at midnight, so the day starts at 01:00.
 *
 * Local dates are `YYYY-MM-DD` strings; intervals are half-open, `[start, end)`, with `end` the
 * start of the next local day.
 */
import { toEpochMs, type Instant } from './instant.ts';
import { wallClockFormatter } from '../../../../common/src/wall-clock.ts';

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

/** A local calendar day as an interval of instants: `[start, end)`, epoch milliseconds. */
export interface LocalDayBounds {
  start: number;
  end: number;
}

/** Local-calendar operations for one time zone; build one per report with {@link localCalendar}. */
export interface LocalCalendar {
  readonly timeZone: string;
  /** Local time minus UTC at the instant, in milliseconds (e.g. −4 h for New York in summer). */
  offsetMs(t: Instant): number;
  /** The local date (`YYYY-MM-DD`) of an instant. */
  localDate(t: Instant): string;
  /**
   * Wall-clock minutes since local midnight, fractional (07:30:30 → 450.5). This is the clock on
   * the wall, not elapsed time: on a fall-back day 01:30 happens twice and both give 90; on a
   * spring-forward day no instant gives 120–179.
   */
  minutesSinceMidnight(t: Instant): number;
  /** The first instant of a local date (local midnight, or the first instant after a gap at midnight). */
  startOfDay(date: string): number;
  /** `[start, end)` of a local date; `end − start` is 23, 24 or 25 hours around DST changes. */
  dayBounds(date: string): LocalDayBounds;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Parse `YYYY-MM-DD` into its wall-clock midnight expressed as if it were UTC.
 *
 * @throws RangeError for anything but a real calendar date
 */
function dateToUtcMs(date: string): number {
  const m = DATE_RE.exec(date);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!Number.isFinite(ms) || utcMsToDate(ms) !== date) throw new RangeError(`not a local date (YYYY-MM-DD): ${date}`);
  return ms;
}

function utcMsToDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * The date `days` calendar days after `date` (negative goes back). Pure calendar arithmetic,
 * independent of any zone.
 *
 * @example addDays('2026-02-27', 2) // '2026-03-01'
 */
export function addDays(date: string, days: number): string {
  return utcMsToDate(dateToUtcMs(date) + days * DAY_MS);
}

/** Calendar days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return Math.round((dateToUtcMs(to) - dateToUtcMs(from)) / DAY_MS);
}

/** ISO weekday of a date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  return new Date(dateToUtcMs(date)).getUTCDay() || 7;
}

/**
 * Local-calendar operations for an IANA time zone. Builds the `Intl.DateTimeFormat` once, since
 * constructing one is far slower than using it; keep the calendar for the length of one report.
 *
 * @param timeZone - IANA zone name, e.g. `Europe/Berlin`
 * @throws RangeError when the zone is unknown to the runtime's ICU data
 */
export function localCalendar(timeZone: string): LocalCalendar {
  const format = wallClockFormatter(timeZone);

  function formattedOffset(ms: number): number {
    const f: Record<string, number> = {};
    for (const part of format.formatToParts(ms)) f[part.type] = Number(part.value);
    // formatToParts drops milliseconds, so compare against the instant floored to its second.
    const wall = Date.UTC(f.year!, f.month! - 1, f.day!, f.hour!, f.minute!, f.second!);
    return wall - (ms - (((ms % 1000) + 1000) % 1000));
  }

  // Formatting costs microseconds and a report asks for thousands of offsets, mostly on the same
  // few days: remember the UTC day last found to have one offset at both ends. Real zones change
  // offset at most once a day, so equal offsets at both ends mean one offset all day. The memo
  // lives in this calendar, not in the module.
  let sameOffsetDay: { from: number; offset: number } | undefined;

  function offsetMs(t: Instant): number {
    const ms = toEpochMs(t);
    if (sameOffsetDay && ms >= sameOffsetDay.from && ms < sameOffsetDay.from + DAY_MS) return sameOffsetDay.offset;
    const offset = formattedOffset(ms);
    const from = Math.floor(ms / DAY_MS) * DAY_MS;
    if (formattedOffset(from) === offset && formattedOffset(from + DAY_MS) === offset) sameOffsetDay = { from, offset };
    return offset;
  }

  const wallMs = (t: Instant): number => toEpochMs(t) + offsetMs(t);

  function startOfDay(date: string): number {
    const wall = dateToUtcMs(date);
    // Any real zone changes offset at most once within a day either side, so midnight maps to
    // the instant wall − (offset before) or wall − (offset after), whichever really shows 00:00.
    const before = offsetMs(wall - DAY_MS);
    const after = offsetMs(wall + DAY_MS);
    const candidates = [wall - before, wall - after].filter((t) => wallMs(t) === wall);
    // Two candidates (midnight repeated by a fall-back): the day starts at the earlier one.
    // None (clocks jump over midnight): the day starts at the jump, wall − (offset before),
    // which the new offset shows as 01:00: the same choice as Temporal's 'compatible'.
    return candidates.length > 0 ? Math.min(...candidates) : wall - before;
  }

  return {
    timeZone,
    offsetMs,
    localDate: (t) => utcMsToDate(wallMs(t)),
    minutesSinceMidnight: (t) => ((((wallMs(t) % DAY_MS) + DAY_MS) % DAY_MS) / MINUTE_MS),
    startOfDay,
    dayBounds: (date) => ({ start: startOfDay(date), end: startOfDay(addDays(date, 1)) }),
  };
}

/**
 * The local date (`YYYY-MM-DD`) of an instant in a zone.
 *
 * @example localDateOf(Date.parse('2026-03-08T04:30:00Z'), 'America/New_York') // '2026-03-07'
 * @throws RangeError for an unknown zone or an invalid instant
 */
export function localDateOf(t: Instant, timeZone: string): string {
  return localCalendar(timeZone).localDate(t);
}

/**
 * `[start, end)` of a local date in a zone, as epoch milliseconds.
 *
 * @example localDayBounds('2026-03-08', 'America/New_York') // 23 hours: 05:00Z to 04:00Z next day
 * @throws RangeError for an unknown zone or a malformed date
 */
export function localDayBounds(date: string, timeZone: string): LocalDayBounds {
  return localCalendar(timeZone).dayBounds(date);
}

/**
 * Wall-clock minutes since local midnight (fractional), for time-of-day bins such as the AGP's.
 *
 * @throws RangeError for an unknown zone or an invalid instant
 */
export function minutesSinceLocalMidnight(t: Instant, timeZone: string): number {
  return localCalendar(timeZone).minutesSinceMidnight(t);
}
