import type { Context } from 'hono';
import type pg from 'pg';
import type { Clock } from '../../../common/src/clock.ts';
import { ForbiddenError, NotFoundError } from '../../../common/src/errors/index.ts';
import { userOf } from '../auth/require.ts';
import type { AppEnv } from '../http/env.ts';
import { decidePatientAccess } from '../policy/patient-access.ts';

/**
 * The signed-in staff member's clinic: what they configure and schedule in.
 * @throws ForbiddenError for an account that belongs to no clinic
 */
export function ownClinic(c: Parameters<typeof userOf>[0]): string {
  const { clinicId } = userOf(c);
  if (!clinicId) throw new ForbiddenError('your account belongs to no clinic');
  return clinicId;
}

/**
 * The clinic a portal screen is about: the given patient's (for a proxy, whose own account may
 * belong to no clinic or another one), else the user's own. Knowing a patient's clinic is not
 * health data, so this asks the policy (any relation to the record will do) without an audit entry.
 * @throws ForbiddenError when the user has no relation to the patient; NotFoundError for no clinic at all
 */
export async function clinicFor(c: Context<AppEnv>, deps: { db: pg.Pool; clock: Clock }, patientId: string | undefined): Promise<string> {
  const p = userOf(c);
  if (!patientId) {
    if (!p.clinicId) throw new NotFoundError('your account belongs to no clinic; name the patient (patientId) whose clinic you mean');
    return p.clinicId;
  }
  const d = await decidePatientAccess(deps.db, p, patientId, 'record', deps.clock.now());
  if (!d.allowed) throw new ForbiddenError('you have no access to this patient');
  const { rows } = await deps.db.query<{ clinic_id: string }>('SELECT clinic_id FROM patients WHERE id = $1', [patientId]);
  if (!rows[0]) throw new NotFoundError('no such patient');
  return rows[0].clinic_id;
}
