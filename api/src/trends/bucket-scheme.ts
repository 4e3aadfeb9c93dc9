/**
 * Trend bucket sizes as the query layer needs them: the bucket holding an instant, a bucket's
 * bounds from the key SQL returns, the SQL expression of that key, and which rollup (if any) holds
 * whole buckets of that size. The buckets are the ones of stats/trend-buckets.ts (UTC quarter
 * hours and hours from 2000-01-03, local days, local Monday weeks), so a rollup row, a raw SQL
 * group and the pure statistics agree on every boundary.
 */
import type { BucketSize } from './stats/schemas.ts';
import { DATE_BIN_ORIGIN } from './stats/trend-buckets.ts';
import { addDays, isoWeekday, localCalendar, MINUTE_MS, type LocalCalendar } from './stats/time-zone.ts';

const HOUR_MS = 60 * MINUTE_MS;

/** One bucket: its key as SQL returns it (epoch ms, or a local date) and its `[start, end)`. */
export interface Slot {
  key: string;
  start: number;
  end: number;
}

/** Which rollup relation stores whole buckets of a size (see db/migrations/0004_trends.sql). */
export type RollupKind = 'hourly' | 'daily';

export interface BucketScheme {
  readonly size: BucketSize;
  /** Whether the buckets are the patient's local days or weeks (the SQL key then takes the zone). */
  readonly local: boolean;
  readonly rollup: RollupKind | null;
  /**
   * SQL for the key of the bucket holding `r.measured_at` — epoch milliseconds (bigint) or a local
   * date (date), which sort far faster than text; `::text` gives the key. A fixed fragment chosen
   * by the validated size, never text from the request; local keys take the zone parameter `tz`.
   */
  readonly keySql: (tz: string) => string;
  slotOf(t: number): Slot;
  slotOfKey(key: string): Slot;
  /** The bucket after this one. */
  next(slot: Slot): Slot;
}

const ORIGIN_SQL = `TIMESTAMPTZ '2000-01-03 00:00:00+00'`;

function fixedScheme(size: '15m' | '1h', minutes: number, rollup: RollupKind | null): BucketScheme {
  const stride = minutes * MINUTE_MS;
  const slotAt = (start: number): Slot => ({ key: String(start), start, end: start + stride });
  return {
    size,
    local: false,
    rollup,
    keySql: () => `(extract(epoch FROM date_bin('${minutes} minutes', r.measured_at, ${ORIGIN_SQL})) * 1000)::bigint`,
    // floor, not truncation, so instants before the origin land in the bucket that holds them
    slotOf: (t) => slotAt(DATE_BIN_ORIGIN + Math.floor((t - DATE_BIN_ORIGIN) / stride) * stride),
    slotOfKey: (key) => slotAt(Number(key)),
    next: (slot) => slotAt(slot.end),
  };
}

/**
 * The zone's UTC offset at an instant, with one Intl call (the calendar's `offsetMs` spends two
 * more to remember a whole UTC day, which a walk from day to day never reuses).
 */
function offsetProbe(timeZone: string): (t: number) => number {
  const format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
  return (t) => {
    const f: Record<string, number> = {};
    for (const part of format.formatToParts(t)) f[part.type] = Number(part.value);
    return Date.UTC(f.year!, f.month! - 1, f.day!, f.hour!, f.minute!, f.second!) - (t - (((t % 1000) + 1000) % 1000));
  };
}

/**
 * Starts of local days, memoised per scheme (one request). The general `calendar.startOfDay`
 * probes the offset at several instants each time (≈ 90 µs of Intl formatting); a trend over 90
 * local days needs 91 of them. Away from an offset change, local midnight is the wall-clock
 * midnight minus the day's offset, and happens exactly once when the offset is the same from 3
 * hours before to 3 hours after it (a DST shift is at most 2 hours). Walking from one day to the
 * next, the offset 3 hours after the previous midnight is already known, and real zones change
 * offset at most once in the 21 hours between, so one probe a day (3 hours after midnight)
 * suffices. Anywhere near a change the calendar's exact general rule decides.
 */
function dayStarts(calendar: LocalCalendar): (date: string) => number {
  const offsetAt = offsetProbe(calendar.timeZone);
  const memo = new Map<string, number>();
  let previous: { date: string; offset: number } | undefined;
  return (date) => {
    const known = memo.get(date);
    if (known !== undefined) return known;
    const wall = Date.parse(`${date}T00:00:00Z`);
    const guess = previous?.offset ?? offsetAt(wall);
    const t = wall - guess;
    const steadyBefore = previous?.date === addDays(date, -1) || offsetAt(t - 3 * HOUR_MS) === guess;
    const steady = steadyBefore && offsetAt(t + 3 * HOUR_MS) === guess;
    const start = steady ? t : calendar.startOfDay(date);
    previous = steady ? { date, offset: guess } : undefined;
    memo.set(date, start);
    return start;
  };
}

function localScheme(size: '1d' | '1w', calendar: LocalCalendar, rollup: RollupKind | null): BucketScheme {
  const days = size === '1d' ? 1 : 7;
  const startOf = dayStarts(calendar);
  const firstDate = (date: string) => (days === 1 ? date : addDays(date, 1 - isoWeekday(date)));
  const slotAt = (first: string): Slot => ({ key: first, start: startOf(first), end: startOf(addDays(first, days)) });
  return {
    size,
    local: true,
    rollup,
    keySql: (tz) =>
      size === '1d' ? `(r.measured_at AT TIME ZONE ${tz})::date` : `date_trunc('week', r.measured_at AT TIME ZONE ${tz})::date`,
    slotOf: (t) => slotAt(firstDate(calendar.localDate(t))),
    slotOfKey: (key) => slotAt(key),
    next: (slot) => slotAt(addDays(slot.key, days)),
  };
}

/**
 * The scheme of a bucket size for a patient's zone. 15-minute and weekly buckets have no rollup:
 * a quarter hour holds three CGM readings (the rollup would be as large as the data), and a
 * week's percentiles cannot be combined from daily ones.
 *
 * @throws RangeError for a zone the runtime does not know
 */
export function bucketScheme(size: BucketSize, timeZone: string): BucketScheme {
  switch (size) {
    case '15m':
      return fixedScheme(size, 15, null);
    case '1h':
      return fixedScheme(size, 60, 'hourly');
    case '1d':
      return localScheme(size, localCalendar(timeZone), 'daily');
    case '1w':
      return localScheme(size, localCalendar(timeZone), null);
    default:
      throw new RangeError(`unknown bucket size: ${String(size satisfies never)}`);
  }
}

/**
 * Widen `[from, to)` to whole buckets: from the start of the bucket holding `from` to the end of
 * the last bucket starting before `to` (the slots stats/trend-buckets.ts `fillBucketGaps` makes).
 * A rollup holds whole buckets only, so a partial edge bucket would differ between paths.
 */
export function wholeBuckets(scheme: BucketScheme, from: number, to: number): { first: Slot; last: Slot } {
  return { first: scheme.slotOf(from), last: scheme.slotOf(to - 1) };
}

/** Most buckets {@link everySlot} makes: the longest trend ranges stay far below it. */
export const MAX_SLOTS = 100_000;

/**
 * Every slot from `first` to `last`, for charts that draw empty buckets as gaps (the slots
 * stats/trend-buckets.ts `fillBucketGaps` makes, from the memoised day starts).
 *
 * @throws RangeError beyond {@link MAX_SLOTS} slots
 */
export function everySlot(scheme: BucketScheme, first: Slot, last: Slot): Slot[] {
  const slots: Slot[] = [];
  for (let slot = first; slot.start <= last.start; slot = scheme.next(slot)) {
    if (slots.length === MAX_SLOTS) throw new RangeError(`more than ${MAX_SLOTS} ${scheme.size} buckets`);
    slots.push(slot);
  }
  return slots;
}
