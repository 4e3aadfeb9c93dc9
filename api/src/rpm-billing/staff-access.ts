/**
 * Staff access to one patient's RPM records (enrolments, billing): clinicians through the policy
 * module (care team or break-the-glass, audited by guardPatient); the clinic's administrators as
 * its billing and enrolment staff, for patients of their own clinic, audited here.
 */
import type { Context } from 'hono';
import type pg from 'pg';
import type { Clock } from '../../../common/src/clock.ts';
import { ForbiddenError } from '../../../common/src/errors/index.ts';
import { auditRequest } from '../audit/audit-request.ts';
import { userOf } from '../auth/require.ts';
import type { AppEnv } from '../http/env.ts';
import { clinicRelation } from '../policy/clinic-relations.ts';
import { tokenAllows, type PatientScope } from '../policy/patient-access.ts';
import { guardPatient } from '../policy/patient-guard.ts';

/**
 * @throws ForbiddenError for anyone else (routes put requireUser({ roles: ['clinician', 'admin'] }) first)
 */
export async function staffPatientAccess(c: Context<AppEnv>, deps: { db: pg.Pool; clock: Clock }, patientId: string, scope: PatientScope, audit: { action: string; resource: string; write?: boolean }): Promise<void> {
  const p = userOf(c);
  if (p.role === 'clinician') {
    await guardPatient(c, deps, patientId, scope, audit);
    return;
  }
  if (p.role !== 'admin' || !tokenAllows(p, scope, audit.write ?? false) || !(await clinicRelation(deps.db, p, patientId)).sameClinic) throw new ForbiddenError('administrators act on the RPM records of their own clinic’s patients');
  await auditRequest(c, deps, { patientId, action: audit.action, resource: audit.resource, reason: `clinic administration (${scope})` });
}
