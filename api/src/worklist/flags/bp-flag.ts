/**
 * `bp_high`: the mean systolic of the last 7 local days (today so far included) at or above 140
 * mmHg, or the mean diastolic at or above 90, from at least 5 readings — the limits, window and
 * minimum of the alert rule `bp-sustained-high` (docs/alert-rules.md), so the worklist and the
 * alerts agree. The unrounded mean is compared, as the rule does; the reason shows one decimal so
 * that 139.96 is never displayed as a flagged "140".
 */
import { oneDecimal, rangeQuery, type WorklistFlag } from './flag.ts';
import { WORKLIST_THRESHOLDS, type WorklistThresholds } from './thresholds.ts';

/** Count and sum of the window's readings per metric. */
export interface BpSums {
  systolic: { n: number; sum: number };
  diastolic: { n: number; sum: number };
}

/** The BP flag of one patient, or null. */
export function bpFlag(patientId: string, sums: BpSums | null, window: { from: number; to: number }, t: WorklistThresholds = WORKLIST_THRESHOLDS): WorklistFlag | null {
  if (!sums) return null;
  const n = Math.min(sums.systolic.n, sums.diastolic.n);
  if (n < t.minBpReadings) return null;
  const systolic = sums.systolic.sum / sums.systolic.n;
  const diastolic = sums.diastolic.sum / sums.diastolic.n;
  if (systolic < t.systolicMeanLimit && diastolic < t.diastolicMeanLimit) return null;
  return {
    code: 'bp_high',
    reason: `${t.bpWindowDays}-day mean ${oneDecimal(systolic)}/${oneDecimal(diastolic)} mmHg over ${n} readings (limit ${t.systolicMeanLimit}/${t.diastolicMeanLimit})`,
    figures: { readings: n, meanSystolic: systolic, meanDiastolic: diastolic },
    evidence: `/v1/patients/${patientId}/reports/blood-pressure?${rangeQuery(window)}`,
  };
}
