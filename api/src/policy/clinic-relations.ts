import type pg from 'pg';
import type { UserPrincipal } from '../auth/principal.ts';

/** How a staff member stands to a patient: same clinic, and in one of the patient's care teams. */
export interface ClinicRelation {
  /** The patient exists and belongs to the staff member's clinic. */
  sameClinic: boolean;
  /** The staff member is in one of the patient's care teams. */
  careTeam: boolean;
}

/** Look up a staff member's relation to a patient in one query. */
export async function clinicRelation(db: Pick<pg.Pool, 'query'>, staff: { userId: string; clinicId: string | null }, patientId: string): Promise<ClinicRelation> {
  const { rows } = await db.query<ClinicRelation>(
    `SELECT EXISTS (SELECT 1 FROM patients WHERE id = $2 AND clinic_id = $3) AS "sameClinic",
            EXISTS (SELECT 1 FROM care_team_members m JOIN care_team_patients tp ON tp.care_team_id = m.care_team_id
                     WHERE m.user_id = $1 AND tp.patient_id = $2) AS "careTeam"`,
    [staff.userId, patientId, staff.clinicId],
  );
  return rows[0]!;
}

/** Why someone cannot act as clinic staff on a patient: not staff, or not a person (an API token). */
export type NotStaff = { ok: false; why: 'role' | 'token_scope' };

/**
 * For the staff-only decisions (account management, break-the-glass): a clinician or admin acting
 * from a browser session, with their relation to the patient; or why they do not qualify.
 */
export async function staffRelation(db: Pick<pg.Pool, 'query'>, p: UserPrincipal, patientId: string): Promise<NotStaff | ({ ok: true } & ClinicRelation)> {
  if (p.role !== 'admin' && p.role !== 'clinician') return { ok: false, why: 'role' };
  if (p.via !== 'session') return { ok: false, why: 'token_scope' };
  return { ok: true, ...(await clinicRelation(db, p, patientId)) };
}
