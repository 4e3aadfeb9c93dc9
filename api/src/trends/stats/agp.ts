/**
 * Ambulatory glucose profile (AGP): the 5th, 25th, 50th, 75th and 95th percentiles of glucose by
 * local time of day, every day of the period laid over one 24-hour axis (the AGP report
 * recommended by the International Consensus on Time in Range, 2019).
 *
 * Bins are wall-clock time of day in the patient's zone, so breakfast at 07:30 lands in the same
 * bin on both sides of a DST change. On a fall-back day the repeated hour adds its readings to the
 * same bins; on a spring-forward day the skipped hour adds none.
 *
 * No smoothing: the published AGP draws smoothed curves, but smoothing is a display choice that
 * blurs short dips, so the numbers here are the raw bin percentiles (percentile_cont, the same as
 * SQL would give) and a chart may smooth them.
 */
import type { AgpBin, AgpProfile } from './schemas.ts';
import type { TimedValue } from './instant.ts';
import type { LocalCalendar } from './time-zone.ts';
import { percentileSorted, sortAscending } from './percentile.ts';

/** Default bin width: 15 minutes, 96 bins a day. */
export const DEFAULT_AGP_BIN_MINUTES = 15;

/** The AGP percentiles, as fractions. */
export const AGP_PERCENTILES = [0.05, 0.25, 0.5, 0.75, 0.95] as const;

/**
 * Percentile curves by local time of day.
 *
 * @param points - glucose readings, mg/dL
 * @param calendar - the patient's local calendar
 * @param binMinutes - bin width; must divide 1440 (15 and 60 are the usual choices)
 * @returns every bin of the day, empty ones with count 0 and null percentiles
 * @throws RangeError when binMinutes is not a positive integer dividing 1440
 */
export function agpProfile(points: readonly TimedValue[], calendar: LocalCalendar, binMinutes = DEFAULT_AGP_BIN_MINUTES): AgpProfile {
  if (!(Number.isInteger(binMinutes) && binMinutes > 0 && 1440 % binMinutes === 0)) {
    throw new RangeError(`AGP bin width must be a whole number of minutes dividing 1440, got ${binMinutes}`);
  }
  const values: number[][] = Array.from({ length: 1440 / binMinutes }, () => []);
  for (const { t, v } of points) values[Math.floor(calendar.minutesSinceMidnight(t) / binMinutes)]!.push(v);
  const bins = values.map((binValues, i): AgpBin => {
    const sorted = sortAscending(binValues);
    const [p5, p25, p50, p75, p95] = AGP_PERCENTILES.map((p) => percentileSorted(sorted, p)) as [number | null, number | null, number | null, number | null, number | null];
    return { startMinute: i * binMinutes, endMinute: (i + 1) * binMinutes, count: sorted.length, p5, p25, p50, p75, p95 };
  });
  return { binMinutes, bins };
}
