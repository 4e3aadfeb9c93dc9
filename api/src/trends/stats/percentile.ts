/**
 * Descriptive statistics that agree with PostgreSQL, so a value computed in SQL (continuous
 * aggregates, `percentile_cont`, `stddev_samp`) and the same value computed here are the same.
 *
 * Empty input gives `null`, as the SQL aggregates give NULL, rather than `NaN`, which JSON
 * cannot carry.
 */
import { assertFinite } from './instant.ts';

/** The count, extremes, mean and sample standard deviation of a set of values. */
export interface Summary {
  count: number;
  mean: number | null;
  /** Sample standard deviation (n − 1); `null` below two values, like `stddev_samp`. */
  sd: number | null;
  min: number | null;
  max: number | null;
}

function checkFraction(p: number): void {
  // Same rule and wording as PostgreSQL's percentile_cont (orderedsetaggs.c).
  if (!(p >= 0 && p <= 1)) throw new RangeError(`percentile value ${p} is not between 0 and 1`);
}

function checkValues(values: readonly number[]): void {
  for (const v of values) assertFinite(v, 'value');
}

/** A sorted copy, ascending; checks that every value is finite. */
export function sortAscending(values: readonly number[]): number[] {
  checkValues(values);
  return [...values].sort((a, b) => a - b);
}

/**
 * Continuous percentile of values already sorted ascending, exactly as PostgreSQL's
 * `percentile_cont(p) WITHIN GROUP (ORDER BY x)` on float8: with h = p × (n − 1),
 * lo = ⌊h⌋ and hi = ⌈h⌉, the result is x[lo] when lo = hi, else x[lo] + (h − lo) × (x[hi] − x[lo]),
 * evaluated in that order so the floating-point result is the same bit for bit
 * (src/backend/utils/adt/orderedsetaggs.c, `percentile_cont_final_common` and `float8_lerp`;
 * SQL:2003 10.9 general rule 7(h)).
 *
 * @param sorted - finite values in ascending order (not checked, for speed: use {@link percentile} otherwise)
 * @param p - fraction from 0 to 1
 * @returns the percentile, or `null` for no values
 * @throws RangeError when `p` is outside [0, 1] or `NaN`
 */
export function percentileSorted(sorted: readonly number[], p: number): number | null {
  checkFraction(p);
  const n = sorted.length;
  if (n === 0) return null;
  const h = p * (n - 1);
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  const low = sorted[lo]!;
  if (lo === hi) return low;
  return low + (h - lo) * (sorted[hi]! - low);
}

/**
 * Continuous percentile of unsorted values; see {@link percentileSorted} for the definition.
 *
 * @example percentile([4, 1, 3, 2], 0.25) // 1.75: h = 0.75, 1 + 0.75 × (2 − 1)
 * @throws RangeError when `p` is outside [0, 1] or a value is not finite
 */
export function percentile(values: readonly number[], p: number): number | null {
  return percentileSorted(sortAscending(values), p);
}

/**
 * Several percentiles with one sort, in the order asked, like `percentile_cont(ARRAY[…])`.
 *
 * @throws RangeError when a fraction is outside [0, 1] or a value is not finite
 */
export function percentiles(values: readonly number[], ps: readonly number[]): (number | null)[] {
  const sorted = sortAscending(values);
  return ps.map((p) => percentileSorted(sorted, p));
}

/** Arithmetic mean, or `null` for no values (like `avg`). */
export function mean(values: readonly number[]): number | null {
  checkValues(values);
  if (values.length === 0) return null;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/**
 * Sample standard deviation (divisor n − 1), like PostgreSQL's `stddev` / `stddev_samp`;
 * `null` below two values. Two passes (mean, then squared deviations) to avoid the
 * cancellation of the one-pass sum-of-squares formula.
 */
export function sampleSd(values: readonly number[]): number | null {
  const m = mean(values);
  if (m === null || values.length < 2) return null;
  let ss = 0;
  for (const v of values) ss += (v - m) * (v - m);
  return Math.sqrt(ss / (values.length - 1));
}

/**
 * Coefficient of variation in percent: 100 × sample SD / mean (the %CV of the International
 * Consensus on Time in Range, Battelino et al., Diabetes Care 2019;42:1593).
 * `null` below two values or when the mean is 0.
 */
export function coefficientOfVariation(values: readonly number[]): number | null {
  const sd = sampleSd(values);
  const m = mean(values);
  if (sd === null || m === null || m === 0) return null;
  return (100 * sd) / m;
}

/** Count, mean, sample SD, min and max in one call. */
export function summarize(values: readonly number[]): Summary {
  const sorted = sortAscending(values);
  return {
    count: values.length,
    mean: mean(values),
    sd: sampleSd(values),
    min: sorted[0] ?? null,
    max: sorted.at(-1) ?? null,
  };
}
