/**
 * Where the worklist raises a flag. Sources and reasons: docs/rpm-workflow.md ("Worklist flags").
 * Every value is a default a clinic's medical director may change; the flag functions take them
 * as an argument.
 */
import { COMPLIANCE_DEFAULTS } from '../../trends/stats/compliance.ts';

export const WORKLIST_THRESHOLDS = Object.freeze({
  /** The consensus report period: the last 14 complete local days. */
  glucoseWindowDays: 14,
  /** Consensus targets: time below 70 mg/dL under 4 %, below 54 mg/dL under 1 %, in range over 70 %. */
  belowRangeMaxPercent: 4,
  belowLevel2MaxPercent: 1,
  timeInRangeMinPercent: 70,
  /** Fewer readings in the window are not judged: a few meter readings say little about time. */
  minGlucoseReadings: 10,
  /** The last 7 local days, today included, as the alert rule `bp-sustained-high` looks at a week. */
  bpWindowDays: 7,
  /** Mean at or above: ACC/AHA stage 2, the same limits as `bp-sustained-high`. */
  systolicMeanLimit: 140,
  diastolicMeanLimit: 90,
  minBpReadings: 5,
  /** Complete local days looked back at for days without any reading. */
  missedDaysWindow: 7,
  /** Flag from this many days without a reading in the window. */
  missedDaysFlagAt: 2,
  /** CPT 99454's 16 days, and the trends outlook's 2 spare days. */
  requiredDays: COMPLIANCE_DEFAULTS.requiredDays,
  atRiskMargin: COMPLIANCE_DEFAULTS.atRiskMargin,
});
export type WorklistThresholds = typeof WORKLIST_THRESHOLDS;
