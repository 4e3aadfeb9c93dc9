import type { ReadingPoint } from './inputs.ts';
import type { Level, Operator } from './rule-config.ts';
import { severityRank } from './severity.ts';

/** Milliseconds per minute and per hour: rule windows are configured in minutes or hours. */
export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;

/**
 * Finite points sorted by time then value. Every rule works on this order, so its result does not
 * depend on the order the caller fetched the points in (floating-point sums included).
 */
export function canonical(points: readonly ReadingPoint[] | undefined): readonly ReadingPoint[] {
  const ps = points ?? [];
  // the store already returns this order, and a replay asks once per rule per instant: check, do not sort
  return isCanonical(ps) ? ps : ps.filter((p) => Number.isFinite(p.value)).sort((a, b) => a.at.getTime() - b.at.getTime() || a.value - b.value);
}

/** Whether the points are already canonical: finite values, oldest first, ties by value. */
export function isCanonical(ps: readonly ReadingPoint[]): boolean {
  for (let i = 0; i < ps.length; i++) {
    if (!Number.isFinite(ps[i]!.value)) return false;
    if (i === 0) continue;
    const dt = ps[i]!.at.getTime() - ps[i - 1]!.at.getTime();
    if (dt < 0 || (dt === 0 && ps[i]!.value < ps[i - 1]!.value)) return false;
  }
  return true;
}

/**
 * Points measured at or after `from`. There is no upper bound: a point slightly after `now` is
 * residual device clock skew, and dropping it could hide an urgent value.
 */
export function since(points: readonly ReadingPoint[], from: Date): ReadingPoint[] {
  return points.filter((p) => p.at.getTime() >= from.getTime());
}

/** The points that share the newest timestamp of a canonical series (usually one). */
export function newest(points: readonly ReadingPoint[]): ReadingPoint[] {
  const last = points.at(-1);
  if (last === undefined) return [];
  let first = points.length - 1;
  while (first > 0 && points[first - 1]!.at.getTime() === last.at.getTime()) first--;
  return points.slice(first);
}

/** Arithmetic mean of a non-empty list. */
export function mean(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** Least-squares slope in value units per minute; less swayed by one noisy sample than last-minus-first. */
export function slopePerMinute(points: readonly ReadingPoint[]): number {
  const xs = points.map((p) => (p.at.getTime() - points[0]!.at.getTime()) / MINUTE_MS);
  const ys = points.map((p) => p.value);
  const mx = mean(xs);
  const my = mean(ys);
  const sxy = xs.reduce((s, x, i) => s + (x - mx) * (ys[i]! - my), 0);
  const sxx = xs.reduce((s, x) => s + (x - mx) ** 2, 0);
  return sxx === 0 ? 0 : sxy / sxx;
}

/** Rounds to a fixed number of decimals, so that 82.1 - 80.1 counts as the 2 kg it is. */
export function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

const COMPARE: Record<Operator, (value: number, limit: number) => boolean> = {
  lt: (v, l) => v < l,
  lte: (v, l) => v <= l,
  gt: (v, l) => v > l,
  gte: (v, l) => v >= l,
};

/** Whether `value` crosses `limit` under `operator`. */
export function crosses(value: number, operator: Operator, limit: number): boolean {
  return COMPARE[operator](value, limit);
}

/** The most severe level that `value` crosses (the first listed among equals), if any. */
export function crossedLevel(value: number, operator: Operator, levels: readonly Level[]): Level | undefined {
  return levels
    .filter((level) => crosses(value, operator, level.limit))
    .reduce<Level | undefined>((best, level) => (best === undefined || severityRank(level.severity) > severityRank(best.severity) ? level : best), undefined);
}
