/**
 * Builders for the statistics' unit tests (not used by production code).
 */
import type { z } from 'zod';
import type { TimedValue } from './instant.ts';

export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;

/** Epoch ms of an ISO string, for readable fixtures. */
export const at = (iso: string): number => Date.parse(iso);

/**
 * A regular CGM series: `count` readings every `intervalMin` minutes from `start`, the i-th
 * with value `valueAt(i)`.
 */
export function cgmSeries(start: number, count: number, valueAt: (i: number) => number, intervalMin = 5): TimedValue[] {
  return Array.from({ length: count }, (_, i) => ({ t: start + i * intervalMin * MIN, v: valueAt(i) }));
}

/** The report itself, once checked against its published schema (so tests also pin the schemas). */
export function conforming<T>(schema: z.ZodType<T>, report: T): T {
  schema.parse(report);
  return report;
}
