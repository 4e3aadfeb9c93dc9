/**
 * RPM enrolments: one episode of remote monitoring of a patient in a programme, run by one of the
 * patient's care teams (migration 0011). Device set-up and education, which CPT 99453 pays for
 * once per episode, is recorded on the enrolment.
 */
import type pg from 'pg';
import { ConflictError, NotFoundError, ValidationError } from '../../../common/src/errors/index.ts';

type Db = Pick<pg.Pool, 'query'>;

export interface Enrolment {
  id: string;
  patientId: string;
  programId: string;
  careTeamId: string;
  startedAt: string;
  endedAt: string | null;
  setupCompletedAt: string | null;
  setupBy: string | null;
}

interface EnrolmentRow {
  id: string;
  patient_id: string;
  program_id: string;
  care_team_id: string;
  started_at: Date;
  ended_at: Date | null;
  setup_completed_at: Date | null;
  setup_by: string | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const toEnrolment = (r: EnrolmentRow): Enrolment => ({
  id: r.id,
  patientId: r.patient_id,
  programId: r.program_id,
  careTeamId: r.care_team_id,
  startedAt: r.started_at.toISOString(),
  endedAt: iso(r.ended_at),
  setupCompletedAt: iso(r.setup_completed_at),
  setupBy: r.setup_by,
});

export async function enrolmentsOf(db: Db, patientId: string): Promise<Enrolment[]> {
  const { rows } = await db.query<EnrolmentRow>('SELECT * FROM rpm_enrolments WHERE patient_id = $1 ORDER BY started_at DESC', [patientId]);
  return rows.map(toEnrolment);
}

/**
 * Enrol a patient. The programme must be of the patient's clinic and the team one of the
 * patient's care teams.
 *
 * @throws ValidationError for a programme or team that does not fit
 * @throws ConflictError when the episode would overlap another one of the patient
 */
export async function enrol(db: Db, e: { patientId: string; programId: string; careTeamId: string; startedAt: Date }): Promise<Enrolment> {
  try {
    const { rows } = await db.query<EnrolmentRow & { fits: boolean }>(
      `INSERT INTO rpm_enrolments (program_id, patient_id, care_team_id, started_at)
       SELECT $1, $2, $3, $4
        WHERE EXISTS (SELECT 1 FROM rpm_programs pr JOIN patients p ON p.clinic_id = pr.clinic_id WHERE pr.id = $1 AND p.id = $2)
          AND EXISTS (SELECT 1 FROM care_team_patients WHERE care_team_id = $3 AND patient_id = $2)
       RETURNING *`,
      [e.programId, e.patientId, e.careTeamId, e.startedAt],
    );
    if (!rows[0]) throw new ValidationError('the programme must be of the patient’s clinic and the care team one of the patient’s teams', [{ path: 'programId', message: 'programme or care team does not fit this patient' }]);
    return toEnrolment(rows[0]);
  } catch (err) {
    if ((err as { code?: string }).code === '23P01') throw new ConflictError('the patient already has an enrolment at that time; end it first');
    throw err;
  }
}

/**
 * Record device set-up and patient education (or end the episode) on an enrolment of the patient.
 *
 * @throws NotFoundError when the enrolment is not the patient's
 * @throws ValidationError when the end is not after the start
 */
export async function updateEnrolment(db: Db, patientId: string, enrolmentId: string, change: { setupCompletedAt: Date; setupBy: string } | { endedAt: Date }): Promise<Enrolment> {
  const [sql, values] =
    'endedAt' in change
      ? ['UPDATE rpm_enrolments SET ended_at = $3 WHERE id = $1 AND patient_id = $2 AND started_at < $3 RETURNING *', [change.endedAt]]
      : ['UPDATE rpm_enrolments SET setup_completed_at = $3, setup_by = $4 WHERE id = $1 AND patient_id = $2 RETURNING *', [change.setupCompletedAt, change.setupBy]];
  const { rows } = await db.query<EnrolmentRow>(sql, [enrolmentId, patientId, ...values]);
  if (rows[0]) return toEnrolment(rows[0]);
  const exists = await db.query('SELECT 1 FROM rpm_enrolments WHERE id = $1 AND patient_id = $2', [enrolmentId, patientId]);
  if (!exists.rowCount) throw new NotFoundError('no such enrolment of this patient');
  throw new ValidationError('an enrolment must end after it started', [{ path: 'endedAt', message: 'not after the start' }]);
}
