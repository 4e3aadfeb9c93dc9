/**
 * Trend buckets for charts: raw points grouped by 15 minutes, 1 hour, 1 local day or 1 local week,
 * with count, min, max, mean and the 10th/25th/50th/75th/90th percentiles of each.
 *
 * The buckets are the ones SQL would make, so a chart can read rollups or raw rows alike:
 * - `15m`, `1h`: UTC-aligned like `date_bin(stride, measured_at, '2000-01-03T00:00Z')` (a Monday,
 *   TimescaleDB's default `time_bucket` origin). Sub-hour buckets need no zone: every zone's
 *   offset today is a whole number of 15 minutes.
 * - `1d`: local days, like `date_trunc('day', measured_at, tz)`; 23 or 25 hours on DST days.
 * - `1w`: local weeks starting Monday, like `date_trunc('week', measured_at, tz)` (ISO weeks).
 * Percentiles are `percentile_cont`'s, bit for bit (percentile.ts).
 */
import type { BucketSize, TrendBucket, TrendSlot } from './schemas.ts';
import { assertFinite, toEpochMs, toIso, type Instant, type TimedValue } from './instant.ts';
import { mean, percentileSorted, sortAscending } from './percentile.ts';
import { addDays, isoWeekday, localCalendar, MINUTE_MS, type LocalCalendar } from './time-zone.ts';

/** Origin of the fixed-width buckets: 2000-01-03T00:00Z, a Monday. */
export const DATE_BIN_ORIGIN = Date.UTC(2000, 0, 3);

/** The bucket percentiles, as fractions. */
export const BUCKET_PERCENTILES = [0.1, 0.25, 0.5, 0.75, 0.9] as const;

/** Most slots {@link fillBucketGaps} will make, so a mistaken range cannot exhaust memory. */
export const MAX_SLOTS = 100_000;

export interface BucketOptions {
  size: BucketSize;
  /** The patient's IANA time zone (used by `1d` and `1w`). */
  timeZone: string;
}

/** A bucket's `[start, end)`, epoch milliseconds. */
interface Slot {
  start: number;
  end: number;
}

/** The slot holding an instant. */
type SlotOf = (t: number) => Slot;

function fixedSlots(strideMs: number): SlotOf {
  return (t) => {
    // Floor, not truncation, so instants before the origin still land in the bucket that holds them.
    const start = DATE_BIN_ORIGIN + Math.floor((t - DATE_BIN_ORIGIN) / strideMs) * strideMs;
    return { start, end: start + strideMs };
  };
}

function localSlots(calendar: LocalCalendar, days: 1 | 7): SlotOf {
  return (t) => {
    const date = calendar.localDate(t);
    const first = days === 1 ? date : addDays(date, 1 - isoWeekday(date));
    return { start: calendar.startOfDay(first), end: calendar.startOfDay(addDays(first, days)) };
  };
}

function slotsFor({ size, timeZone }: BucketOptions): SlotOf {
  switch (size) {
    case '15m':
      return fixedSlots(15 * MINUTE_MS);
    case '1h':
      return fixedSlots(60 * MINUTE_MS);
    case '1d':
      return localSlots(localCalendar(timeZone), 1);
    case '1w':
      return localSlots(localCalendar(timeZone), 7);
    default:
      throw new RangeError(`unknown bucket size: ${String(size satisfies never)}`);
  }
}

function bucket({ start, end }: Slot, values: readonly number[]): TrendBucket {
  const sorted = sortAscending(values);
  const [p10, p25, p50, p75, p90] = BUCKET_PERCENTILES.map((p) => percentileSorted(sorted, p)!) as [number, number, number, number, number];
  return { start: toIso(start), end: toIso(end), count: sorted.length, min: sorted[0]!, max: sorted.at(-1)!, mean: mean(sorted)!, p10, p25, p50, p75, p90 };
}

/**
 * Group points into buckets, oldest first; buckets without points are left out (see
 * {@link fillBucketGaps} for charts that need them).
 *
 * @throws RangeError for an unknown zone, an invalid instant or a non-finite value
 */
export function trendBuckets(points: readonly TimedValue[], options: BucketOptions): TrendBucket[] {
  const slotOf = slotsFor(options);
  const groups = new Map<number, { slot: Slot; values: number[] }>();
  for (const { t, v } of points) {
    assertFinite(v, 'value');
    const slot = slotOf(toEpochMs(t));
    const group = groups.get(slot.start) ?? { slot, values: [] };
    group.values.push(v);
    groups.set(slot.start, group);
  }
  return [...groups.values()].sort((a, b) => a.slot.start - b.slot.start).map((g) => bucket(g.slot, g.values));
}

/**
 * Every slot of a range, with the given buckets in place and empty slots (count 0, null
 * statistics) between them, so a chart draws gaps as gaps. Slots run from the one holding `from`
 * to the last one starting before `to`; buckets outside that range are dropped.
 *
 * @throws RangeError when the range would need more than {@link MAX_SLOTS} slots
 */
export function fillBucketGaps(buckets: readonly TrendBucket[], options: BucketOptions & { from: Instant; to: Instant }): TrendSlot[] {
  const slotOf = slotsFor(options);
  const to = toEpochMs(options.to);
  const byStart = new Map(buckets.map((b) => [Date.parse(b.start), b]));
  const slots: TrendSlot[] = [];
  for (let slot = slotOf(toEpochMs(options.from)); slot.start < to; slot = slotOf(slot.end)) {
    if (slots.length === MAX_SLOTS) throw new RangeError(`more than ${MAX_SLOTS} ${options.size} slots from ${toIso(toEpochMs(options.from))} to ${toIso(to)}`);
    slots.push(
      byStart.get(slot.start) ?? {
        start: toIso(slot.start),
        end: toIso(slot.end),
        count: 0,
        min: null,
        max: null,
        mean: null,
        p10: null,
        p25: null,
        p50: null,
        p75: null,
        p90: null,
      },
    );
  }
  return slots;
}
