import type { Context } from 'hono';
import type pg from 'pg';
import type { Clock } from '../../../common/src/clock.ts';
import { userOf } from '../auth/require.ts';
import type { AppEnv } from '../http/env.ts';
import { auditDecision, deniedError } from './audited-decision.ts';
import { decidePatientAccess, type AccessDecision, type PatientScope } from './patient-access.ts';

export type AllowedAccess = Extract<AccessDecision, { allowed: true }> & { patientId: string };

const DENIAL_TEXT: Record<Extract<AccessDecision, { allowed: false }>['why'], string> = {
  not_related: 'you have no access to this patient (a clinician outside the care team may break the glass with a reason)',
  scope_missing: 'your proxy access does not include this part of the record',
  proxy_expired: 'your proxy access has expired',
  admin_no_clinical: 'administrators do not read clinical data without breaking the glass',
  token_scope: 'the API token lacks the scope for this',
};

/**
 * Check access to a patient's record for this request and write the audit entry (who, whom, what,
 * why, request id) — for denials too. Every route that touches health data goes through here;
 * the returned decision carries the filters the route's queries must apply.
 *
 * @param action - audit action, e.g. `readings.read`
 * @param resource - audit resource, e.g. `readings/glucose`
 * @throws ForbiddenError when the decision is deny
 */
export async function guardPatient(
  c: Context<AppEnv>,
  deps: { db: pg.Pool; clock: Clock },
  patientId: string,
  scope: PatientScope,
  audit: { action: string; resource: string; write?: boolean },
): Promise<AllowedAccess> {
  const p = userOf(c);
  const d = await decidePatientAccess(deps.db, p, patientId, scope, deps.clock.now(), audit.write ?? false);
  await auditDecision(c, deps, p, patientId, d.allowed ? { allowed: true, reason: d.reason ?? `via ${d.via}` } : d, audit);
  if (!d.allowed) throw deniedError(d.why, DENIAL_TEXT);
  return { ...d, patientId };
}
