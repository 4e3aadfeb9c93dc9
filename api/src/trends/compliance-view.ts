/**
 * Remote-monitoring compliance as the API serves it: the per-patient report (every 30-day period
 * since monitoring began) and the clinic-wide list (the current period of each monitored patient).
 * The statistic itself is stats/compliance.ts: the report feeds it one instant per local day with a
 * reading, which is all it looks at; the list, which covers a whole clinic, applies the same rules
 * to dates PostgreSQL computed (see currentPeriod).
 */
import type pg from 'pg';
import { complianceOutlook, complianceReport, COMPLIANCE_DEFAULTS } from './stats/compliance.ts';
import { toIso } from './stats/instant.ts';
import type { ComplianceReport } from './stats/schemas.ts';
import { addDays, daysBetween } from './stats/time-zone.ts';
import { readingDays, type MonitoredPatient, type ReadingDay } from './compliance-repo.ts';
import type { PatientTrendContext } from './patient-context.ts';

/**
 * The compliance report of one patient since monitoring began (their first device assignment).
 * Null when no device was ever assigned: there is no monitoring to report on.
 */
export async function patientCompliance(db: pg.Pool, ctx: PatientTrendContext, now: Date): Promise<ComplianceReport | null> {
  if (!ctx.monitoringSince) return null;
  const days = await readingDays(db, [{ patientId: ctx.patientId, timeZone: ctx.timeZone, fromDate: ctx.monitoringSince, dailyRollupUsable: ctx.dailyRollupUsable }], ctx.watermark);
  return complianceReport(days.get(ctx.patientId)!, { timeZone: ctx.timeZone, enrolmentDate: ctx.monitoringSince, asOf: now });
}

/** One row of the clinic list: billing data only (counts of days), no clinical values. */
export type ComplianceListRow = Pick<MonitoredPatient, 'patientId' | 'givenName' | 'familyName' | 'mrn' | 'timeZone' | 'monitoringSince'> & { current: CurrentPeriod };

type CurrentPeriod = NonNullable<ComplianceReport['current']>;

/**
 * The current period of one listed patient, as complianceReport (stats/compliance.ts) gives it,
 * from the local dates and instants SQL computed: the same rules (days counted up to `asOf`;
 * today still counts as remaining until it has a reading), without an Intl calendar per patient.
 * The tests check it against complianceReport.
 */
function currentPeriod(p: MonitoredPatient, days: readonly ReadingDay[], asOf: number): CurrentPeriod {
  const { periodDays, requiredDays, atRiskMargin } = COMPLIANCE_DEFAULTS;
  const dates = days.filter((d) => d.t <= asOf && d.date <= p.today).map((d) => d.date).sort();
  const daysSoFar = daysBetween(p.startDate, p.today) + 1;
  return {
    index: p.periodIndex,
    startDate: p.startDate,
    endDate: addDays(p.startDate, periodDays - 1),
    start: toIso(p.startMs),
    end: toIso(p.endMs),
    daysWithReadings: dates.length,
    datesWithReadings: dates,
    qualifies: dates.length >= requiredDays,
    complete: asOf >= p.endMs,
    daysSoFar,
    outlook: complianceOutlook({ daysWithReadings: dates.length, daysRemaining: periodDays - daysSoFar + (dates.includes(p.today) ? 0 : 1), requiredDays, atRiskMargin }),
  };
}

/**
 * The current period of each patient, at-risk patients first (fewest spare days first), then the
 * rest in the order given (by name).
 */
export async function clinicCompliance(db: pg.Pool, patients: readonly MonitoredPatient[], watermark: string, asOf: Date): Promise<ComplianceListRow[]> {
  const days = await readingDays(db, patients.map((p) => ({ ...p, fromDate: p.startDate })), watermark);
  const rows = patients.map((p): ComplianceListRow => {
    const { patientId, givenName, familyName, mrn, timeZone, monitoringSince } = p;
    return { patientId, givenName, familyName, mrn, timeZone, monitoringSince, current: currentPeriod(p, days.get(patientId)!, asOf.getTime()) };
  });
  const spare = (r: ComplianceListRow) => r.current.outlook.daysRemaining - r.current.outlook.daysNeeded;
  return rows.sort((a, b) => Number(b.current.outlook.atRisk) - Number(a.current.outlook.atRisk) || (a.current.outlook.atRisk ? spare(a) - spare(b) : 0));
}
