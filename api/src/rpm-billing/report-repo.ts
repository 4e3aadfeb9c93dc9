/**
 * The facts an RPM billing report needs, for many patients in few queries: the enrolments that
 * overlap a month, their programmes' settings, the stored rule sets, and (through the trends and
 * time-log repositories) days with readings and time entries.
 */
import type pg from 'pg';
import type { DevicePeriodKind } from './device-periods.ts';
import { PATIENT_LABEL_COLUMNS, type PatientLabel } from './patient-label.ts';
import { RpmRules, type VersionedRules } from './rule-set.ts';

type Db = Pick<pg.Pool, 'query'>;

export interface BillingSubject extends PatientLabel {
  enrolmentId: string;
  devicePeriod: DevicePeriodKind;
  rulesVersion: string | null;
  startedAt: Date;
  endedAt: Date | null;
  setupCompletedAt: Date | null;
  dailyRollupUsable: boolean;
}

const SUBJECT_COLUMNS = `
  ${PATIENT_LABEL_COLUMNS},
  e.id AS "enrolmentId", pr.device_period AS "devicePeriod", pr.rules_version AS "rulesVersion",
  e.started_at AS "startedAt", e.ended_at AS "endedAt", e.setup_completed_at AS "setupCompletedAt",
  (z.time_zone IS NULL OR z.time_zone = p.timezone) AS "dailyRollupUsable"`;

// $2/$3 bound the month in UTC widened by a day either side (no zone is further from UTC); the
// caller keeps the enrolments whose local dates meet the patient's local month.
const SUBJECTS_SQL = {
  team: `
    SELECT ${SUBJECT_COLUMNS}
      FROM rpm_enrolments e JOIN patients p ON p.id = e.patient_id JOIN rpm_programs pr ON pr.id = e.program_id
      LEFT JOIN trend_rollup_zones z ON z.patient_id = p.id
     WHERE e.care_team_id = $1 AND e.started_at < $3 AND (e.ended_at IS NULL OR e.ended_at > $2)
     ORDER BY p.family_name, p.given_name, p.id, e.started_at`,
  patient: `
    SELECT ${SUBJECT_COLUMNS}
      FROM rpm_enrolments e JOIN patients p ON p.id = e.patient_id JOIN rpm_programs pr ON pr.id = e.program_id
      LEFT JOIN trend_rollup_zones z ON z.patient_id = p.id
     WHERE e.patient_id = $1 AND e.started_at < $3 AND (e.ended_at IS NULL OR e.ended_at > $2)
     ORDER BY e.started_at`,
} as const;

/**
 * Enrolments that may overlap a month: those run by a care team (the team that runs an episode
 * bills it, so a patient in two teams is billed once), or those of one patient.
 */
export async function billingSubjects(db: Db, of: { teamId: string } | { patientId: string }, month: { from: Date; to: Date }): Promise<BillingSubject[]> {
  const [sql, id] = 'teamId' in of ? [SUBJECTS_SQL.team, of.teamId] : [SUBJECTS_SQL.patient, of.patientId];
  return (await db.query<BillingSubject>(sql, [id, month.from, month.to])).rows;
}

/**
 * Every stored rule set, parsed.
 *
 * @throws ZodError when a stored set does not parse: a bad rule set must stop billing, not be skipped
 */
export async function loadRuleSets(db: Db): Promise<VersionedRules[]> {
  const { rows } = await db.query<{ version: string; effective_from: string; source: string; rules: unknown }>(
    'SELECT version, effective_from::text AS effective_from, source, rules FROM rpm_billing_rule_sets ORDER BY effective_from',
  );
  return rows.map((r) => ({ version: r.version, effectiveFrom: r.effective_from, source: r.source, rules: RpmRules.parse(r.rules) }));
}
