import type { Context } from 'hono';
import type pg from 'pg';
import type { Clock } from '../../../common/src/clock.ts';
import type { UserPrincipal } from '../auth/principal.ts';
import { userOf } from '../auth/require.ts';
import type { AppEnv } from '../http/env.ts';
import { auditDecision, deniedError } from './audited-decision.ts';
import { staffRelation } from './clinic-relations.ts';

/** Whether a user may manage a patient's portal account (issue activation codes). */
export type AccountAdminDecision = { allowed: true; via: 'clinic_admin' | 'care_team' } | { allowed: false; why: 'role' | 'not_related' | 'token_scope' };

const DENIAL_TEXT: Record<Extract<AccountAdminDecision, { allowed: false }>['why'], string> = {
  role: 'only clinic staff manage patient accounts',
  not_related: 'only the patient’s care team or an administrator of their clinic manages their account',
  token_scope: 'patient accounts are managed from a browser session, not with an API token',
};

/**
 * Admins manage accounts of their own clinic's patients; clinicians those of the patients in
 * their care teams. Breaking the glass does not extend to account management: it is for care.
 */
export async function decideAccountAdmin(db: Pick<pg.Pool, 'query'>, p: UserPrincipal, patientId: string): Promise<AccountAdminDecision> {
  const r = await staffRelation(db, p, patientId);
  if (!r.ok) return { allowed: false, why: r.why };
  if (p.role === 'admin' && r.sameClinic) return { allowed: true, via: 'clinic_admin' };
  if (p.role === 'clinician' && r.careTeam) return { allowed: true, via: 'care_team' };
  return { allowed: false, why: 'not_related' };
}

/**
 * Decide, audit and enforce account management for this request.
 * @throws ForbiddenError when denied
 */
export async function guardAccountAdmin(c: Context<AppEnv>, deps: { db: pg.Pool; clock: Clock }, patientId: string, audit: { action: string; resource: string }): Promise<UserPrincipal> {
  const p = userOf(c);
  const d = await decideAccountAdmin(deps.db, p, patientId);
  await auditDecision(c, deps, p, patientId, d.allowed ? { allowed: true, reason: `via ${d.via}` } : d, audit);
  if (!d.allowed) throw deniedError(d.why, DENIAL_TEXT);
  return p;
}
