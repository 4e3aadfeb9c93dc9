/**
 * The RPM billing report of a month: for each enrolment overlapping the patient's local month,
 * the codes it supports with their evidence (billing-rules.ts) and the codes not met, from the
 * days with readings (trends rollups) and the time entries (time-logs).
 */
import type pg from 'pg';
import { readingDays } from '../trends/compliance-repo.ts';
import { localCalendar, type LocalCalendar } from '../trends/stats/time-zone.ts';
import { finishedEntries } from '../time-logs/repo.ts';
import { billMonth, type BillingLine, type UnmetCode } from './billing-rules.ts';
import { devicePeriodsThrough, monthSpan } from './device-periods.ts';
import { entriesOfMonth, monthInstants } from './local-month.ts';
import type { PatientLabel } from './patient-label.ts';
import { billingSubjects, loadRuleSets, type BillingSubject } from './report-repo.ts';
import { ruleSetFor } from './rule-set.ts';

export interface PatientMonth extends PatientLabel {
  enrolmentId: string;
  lines: BillingLine[];
  unmet: UnmetCode[];
}

export interface MonthReport {
  month: string;
  asOf: string;
  /** The rule set in effect on the month's first day (programmes may pin another; each line names its own). */
  rulesVersion: string;
  patients: PatientMonth[];
}

const DAY_MS = 86_400_000;

/** Local first and last date of the enrolment, the last being the day before `ended_at`'s instant. */
const enrolmentDates = (s: BillingSubject, calendar: LocalCalendar) => ({ startDate: calendar.localDate(s.startedAt), endDate: s.endedAt ? calendar.localDate(s.endedAt.getTime() - 1) : null });

/**
 * The month report of a team's enrolments, or of one patient's.
 *
 * @param month - `YYYY-MM`, each patient's own local month
 * @throws NoRuleSetError when no rule set covers a period
 */
export async function monthReport(db: pg.Pool, of: { teamId: string } | { patientId: string }, month: string, now: Date): Promise<MonthReport> {
  const span = monthSpan(month);
  const utc = { from: new Date(Date.parse(`${span.startDate}T00:00:00Z`) - DAY_MS), to: new Date(Date.parse(`${span.endDate}T00:00:00Z`) + 2 * DAY_MS) };
  const [sets, subjects, watermark] = await Promise.all([
    loadRuleSets(db),
    billingSubjects(db, of, utc),
    db.query<{ watermark: string }>('SELECT watermark::text AS watermark FROM trend_rollup_state').then((r) => r.rows[0]!.watermark),
  ]);
  const planned = subjects
    .map((s) => {
      const calendar = localCalendar(s.timeZone);
      return { s, calendar, enrolment: enrolmentDates(s, calendar) };
    })
    .filter(({ enrolment }) => enrolment.startDate <= span.endDate && (enrolment.endDate === null || enrolment.endDate >= span.startDate));
  const ids = [...new Set(planned.map((p) => p.s.patientId))];
  const [days, entries] = await Promise.all([
    readingDays(db, planned.map((p) => ({ patientId: p.s.patientId, timeZone: p.s.timeZone, fromDate: p.enrolment.startDate, dailyRollupUsable: p.s.dailyRollupUsable })), watermark),
    finishedEntries(db, ids, utc.from, utc.to),
  ]);
  const patients = planned.map(({ s, calendar, enrolment }): PatientMonth => {
    const dates = (days.get(s.patientId) ?? []).map((d) => d.date);
    const periods = devicePeriodsThrough(s.devicePeriod, enrolment, span.endDate).map((p) => ({ ...p, dates: dates.filter((d) => d >= p.startDate && d <= p.endDate) }));
    const { from, to } = monthInstants(month, calendar);
    const inEnrolment = (entries.get(s.patientId) ?? []).filter((e) => {
      const t = Date.parse(e.startedAt);
      return t >= Math.max(from, s.startedAt.getTime()) && t < Math.min(to, s.endedAt?.getTime() ?? Infinity);
    });
    const bill = billMonth({
      month,
      periods,
      setupCompletedOn: s.setupCompletedAt ? calendar.localDate(s.setupCompletedAt) : null,
      timeEntries: entriesOfMonth(inEnrolment.map((e) => ({ id: e.id, startedAt: e.startedAt, seconds: e.seconds ?? 0, channel: e.channel })), month, s.timeZone),
      rulesFor: (d) => ruleSetFor(sets, d, s.rulesVersion),
      today: calendar.localDate(now),
    });
    return { patientId: s.patientId, mrn: s.mrn, givenName: s.givenName, familyName: s.familyName, timeZone: s.timeZone, enrolmentId: s.enrolmentId, lines: bill.lines, unmet: bill.unmet };
  });
  return { month, asOf: now.toISOString(), rulesVersion: ruleSetFor(sets, span.startDate).version, patients };
}

/** The CSV columns of the billing export, one row per billed code. */
export const CSV_HEADER = [
  'month',
  'patient_id',
  'mrn',
  'family_name',
  'given_name',
  'time_zone',
  'enrolment_id',
  'code',
  'units',
  'kind',
  'final',
  'rules_version',
  'period_start',
  'period_end',
  'days_with_readings',
  'minutes',
  'interactive_communications',
  'setup_completed_on',
] as const;

/** The report as CSV rows (csv.ts writes them). */
export function csvRows(report: MonthReport) {
  return report.patients.flatMap((p) =>
    p.lines.map((l) => [
      report.month,
      p.patientId,
      p.mrn,
      p.familyName,
      p.givenName,
      p.timeZone,
      p.enrolmentId,
      l.code,
      l.units,
      l.kind,
      l.final,
      l.rulesVersion,
      l.evidence.periodStart ?? null,
      l.evidence.periodEnd ?? null,
      l.evidence.daysWithReadings ?? null,
      l.evidence.minutes ?? null,
      l.evidence.interactiveCommunications?.length ?? null,
      l.evidence.setupCompletedOn ?? null,
    ]),
  );
}

