/**
 * Adherence flags, from the local days with at least one reading (any metric):
 * - `missed_days`: 2 or more of the last 7 complete local days (since enrolment) without a reading;
 * - `compliance_at_risk`: the current device period can no longer comfortably reach the 16 days
 *   CPT 99454 needs — the trends outlook (`complianceOutlook`, 2 spare days of margin) applied to
 *   the programme's billing period, so the flag and the billing report count the same days.
 */
import type { DateSpan } from '../../rpm-billing/device-periods.ts';
import { complianceOutlook } from '../../trends/stats/compliance.ts';
import { addDays, daysBetween } from '../../trends/stats/time-zone.ts';
import type { WorklistFlag } from './flag.ts';
import { WORKLIST_THRESHOLDS, type WorklistThresholds } from './thresholds.ts';

/**
 * The complete local days the missed-days flag looks at: the last `missedDaysWindow` days before
 * `today`, oldest first. The caller drops those before the enrolment date.
 */
export function daysBefore(today: string, t: Pick<WorklistThresholds, 'missedDaysWindow'> = WORKLIST_THRESHOLDS): string[] {
  return Array.from({ length: t.missedDaysWindow }, (_, i) => addDays(today, i - t.missedDaysWindow));
}

/**
 * The missed-days flag over some complete local days (daysBefore, from the enrolment date on).
 */
export function missedDaysFlag(patientId: string, datesWithReadings: ReadonlySet<string>, days: readonly string[], t: WorklistThresholds = WORKLIST_THRESHOLDS): WorklistFlag | null {
  const missed = days.filter((d) => !datesWithReadings.has(d)).length;
  if (!days.length || missed < t.missedDaysFlagAt) return null;
  const lastDay = days.at(-1)!;
  const last = [...datesWithReadings].filter((d) => d <= lastDay).sort().at(-1);
  return {
    code: 'missed_days',
    reason: `${missed} of the last ${days.length} days without a reading (${last ? `last reading day ${last}` : 'no reading yet'})`,
    figures: { missedDays: missed, days: days.length },
    evidence: `/v1/patients/${patientId}/compliance`,
  };
}

/**
 * The compliance flag for the device period holding `today`.
 *
 * @param period - the current device period (calendar month or 30-day run), clipped to the enrolment
 */
export function complianceFlag(patientId: string, datesWithReadings: ReadonlySet<string>, period: DateSpan, today: string, t: WorklistThresholds = WORKLIST_THRESHOLDS): WorklistFlag | null {
  const daysWithReadings = [...datesWithReadings].filter((d) => d >= period.startDate && d <= period.endDate && d <= today).length;
  // the days that can still become reading days: those after today, plus today if it has none yet
  const daysRemaining = Math.max(0, daysBetween(today, period.endDate)) + (datesWithReadings.has(today) ? 0 : 1);
  const outlook = complianceOutlook({ daysWithReadings, daysRemaining, requiredDays: t.requiredDays, atRiskMargin: t.atRiskMargin });
  if (!outlook.atRisk) return null;
  return {
    code: 'compliance_at_risk',
    reason: `${daysWithReadings} days with readings from ${period.startDate}; ${outlook.daysNeeded} more needed by ${period.endDate} with ${daysRemaining} days left${outlook.canStillQualify ? '' : ' (no longer reachable)'}`,
    figures: { daysWithReadings, daysNeeded: outlook.daysNeeded, daysRemaining },
    evidence: `/v1/patients/${patientId}/rpm-billing?month=${period.endDate.slice(0, 7)}`,
  };
}
