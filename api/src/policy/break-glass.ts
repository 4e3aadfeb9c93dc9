import type { Context } from 'hono';
import type pg from 'pg';
import type { Clock } from '../../../common/src/clock.ts';
import type { UserPrincipal } from '../auth/principal.ts';
import { userOf } from '../auth/require.ts';
import type { AppEnv } from '../http/env.ts';
import { auditDecision, deniedError } from './audited-decision.ts';
import { staffRelation } from './clinic-relations.ts';

/** Whether a user may break the glass for a patient. */
export type BreakGlassDecision = { allowed: true } | { allowed: false; why: 'role' | 'not_related' | 'in_care_team' | 'token_scope' };

const DENIAL_TEXT: Record<Extract<BreakGlassDecision, { allowed: false }>['why'], string> = {
  role: 'only clinicians and administrators can break the glass',
  not_related: 'this patient is not in your clinic',
  in_care_team: 'you already have access through the care team',
  token_scope: 'breaking the glass needs a signed-in person, not an API token',
};

/**
 * Clinicians outside the patient's care teams, and admins, of the patient's clinic may break the
 * glass: a person (never a token) asserting an emergency, reviewed afterwards by an admin.
 */
export async function decideBreakGlass(db: Pick<pg.Pool, 'query'>, p: UserPrincipal, patientId: string): Promise<BreakGlassDecision> {
  const r = await staffRelation(db, p, patientId);
  if (!r.ok) return { allowed: false, why: r.why };
  if (!r.sameClinic) return { allowed: false, why: 'not_related' };
  if (p.role === 'clinician' && r.careTeam) return { allowed: false, why: 'in_care_team' };
  return { allowed: true };
}

/**
 * Decide, audit (with the stated reason) and enforce a break-the-glass request.
 * @throws ForbiddenError when denied
 */
export async function guardBreakGlass(c: Context<AppEnv>, deps: { db: pg.Pool; clock: Clock }, patientId: string, reason: string): Promise<UserPrincipal> {
  const p = userOf(c);
  const d = await decideBreakGlass(deps.db, p, patientId);
  await auditDecision(c, deps, p, patientId, d.allowed ? { allowed: true, reason: `break-the-glass: ${reason}` } : d, { action: 'break_glass.grant', resource: 'record' });
  if (!d.allowed) throw deniedError(d.why, DENIAL_TEXT);
  return p;
}
