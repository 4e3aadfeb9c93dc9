/**
 * Inputs shared by the trend statistics: instants and timed values.
 *
 * The statistics are pure: they take plain arrays (as a repository would read them from
 * `readings`) and never touch a clock, a database or the environment.
 */

/** An instant: a `Date` (as `pg` returns a timestamptz) or epoch milliseconds. */
export type Instant = Date | number;

/** One measured value at one instant, in the metric's canonical unit (common/src/metrics.ts). */
export interface TimedValue {
  t: Instant;
  v: number;
}

/**
 * Epoch milliseconds of an instant.
 *
 * @param t - a `Date` or epoch milliseconds
 * @throws RangeError when the instant is not a finite time (an invalid `Date`, `NaN`, `Infinity`)
 */
export function toEpochMs(t: Instant): number {
  const ms = typeof t === 'number' ? t : t.getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`not a valid instant: ${String(t)}`);
  return ms;
}

/** ISO 8601 in UTC with milliseconds (`2026-01-01T05:00:00.000Z`), the form the report schemas use. */
export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * Check that a value is a finite number, naming what it is when it is not.
 * Bad values are refused rather than skipped: ingest dead-letters implausible readings, so one
 * reaching a statistic is a bug upstream, and dropping it silently would hide that bug.
 *
 * @throws RangeError when `v` is `NaN` or infinite
 */
export function assertFinite(v: number, what: string): void {
  if (!Number.isFinite(v)) throw new RangeError(`${what} must be a finite number, got ${String(v)}`);
}
