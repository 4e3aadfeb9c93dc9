/**
 * Glucose flags over the last 14 complete local days, the consensus report's period, so the
 * evidence link (the glucose report over the same window) shows the same figures:
 * - `glucose_below_range`: time below range (< 70 mg/dL) over 4 %, or below 54 mg/dL over 1 %;
 * - `glucose_time_in_range_low`: time in range (70–180 mg/dL) under 70 %.
 * Boundaries are strict (exactly 4.0 % below, or 70.0 % in range, is on target), as the consensus
 * states its targets as "< 4 %" and "> 70 %". A patient's own targets replace the thresholds.
 */
import type { GlucoseTargets } from '../../trends/stats/schemas.ts';
import { oneDecimal, rangeQuery, type WorklistFlag } from './flag.ts';
import { WORKLIST_THRESHOLDS, type WorklistThresholds } from './thresholds.ts';

/** Readings of the window by range, at the thresholds in `targets`. */
export interface GlucoseRangeCounts {
  /** Whether these are CGM readings (true) or every glucose reading, meters too (false). */
  cgm: boolean;
  n: number;
  belowVeryLow: number;
  belowLow: number;
  aboveHigh: number;
}

/**
 * The series the flags judge: the CGM's when it has enough readings (the consensus metrics are
 * CGM metrics), otherwise every glucose reading together (a meter user), as the glucose report's
 * `source=cgm` and `source=all` do.
 */
export function pickGlucoseSeries(rows: readonly GlucoseRangeCounts[], t: Pick<WorklistThresholds, 'minGlucoseReadings'> = WORKLIST_THRESHOLDS): GlucoseRangeCounts | null {
  const cgm = rows.find((r) => r.cgm);
  if (cgm && cgm.n >= t.minGlucoseReadings) return cgm;
  if (!rows.length) return null;
  return rows.reduce((a, b) => ({ cgm: false, n: a.n + b.n, belowVeryLow: a.belowVeryLow + b.belowVeryLow, belowLow: a.belowLow + b.belowLow, aboveHigh: a.aboveHigh + b.aboveHigh }), { cgm: false, n: 0, belowVeryLow: 0, belowLow: 0, aboveHigh: 0 });
}

/**
 * The glucose flags of one patient.
 *
 * @param window - the 14 local days as instants `[from, to)`, for the evidence link
 * @param targets - the thresholds the counts were taken at
 */
export function glucoseFlags(
  patientId: string,
  counts: GlucoseRangeCounts | null,
  window: { from: number; to: number },
  targets: Pick<GlucoseTargets, 'veryLowBelow' | 'lowBelow' | 'highAbove'>,
  t: WorklistThresholds = WORKLIST_THRESHOLDS,
): WorklistFlag[] {
  if (!counts || counts.n < t.minGlucoseReadings) return [];
  const pct = (k: number) => (100 * k) / counts.n;
  const below = pct(counts.belowLow);
  const belowL2 = pct(counts.belowVeryLow);
  const inRange = pct(counts.n - counts.belowLow - counts.aboveHigh);
  const source = counts.cgm ? 'cgm' : 'all';
  const evidence = `/v1/patients/${patientId}/reports/glucose?${rangeQuery(window)}&source=${source}`;
  const over = `over ${t.glucoseWindowDays} days (${counts.n} ${counts.cgm ? 'CGM' : 'glucose'} readings)`;
  const figures = { readings: counts.n, belowRangePercent: below, belowLevel2Percent: belowL2, timeInRangePercent: inRange };
  const flags: WorklistFlag[] = [];
  if (below > t.belowRangeMaxPercent || belowL2 > t.belowLevel2MaxPercent) {
    flags.push({
      code: 'glucose_below_range',
      reason: `Below ${targets.lowBelow} mg/dL ${oneDecimal(below)} % (target < ${t.belowRangeMaxPercent} %), below ${targets.veryLowBelow} mg/dL ${oneDecimal(belowL2)} % (target < ${t.belowLevel2MaxPercent} %) ${over}`,
      figures,
      evidence,
    });
  }
  if (inRange < t.timeInRangeMinPercent) {
    flags.push({
      code: 'glucose_time_in_range_low',
      reason: `In range (${targets.lowBelow}–${targets.highAbove} mg/dL) ${oneDecimal(inRange)} % (target > ${t.timeInRangeMinPercent} %) ${over}`,
      figures,
      evidence,
    });
  }
  return flags;
}
