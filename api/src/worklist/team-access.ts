/**
 * Access to a care team's shared work (the worklist, the team's RPM billing report): clinicians
 * who are members of the team, and — where the route allows it — administrators of the team's
 * clinic (the billing team). A team that does not exist is refused like one the caller is not in,
 * so team ids cannot be probed. Per-patient actions go through guardPatient as well, which audits.
 */
import type { Context } from 'hono';
import type pg from 'pg';
import type { Clock } from '../../../common/src/clock.ts';
import { ForbiddenError, NotFoundError } from '../../../common/src/errors/index.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { actorOf, type UserPrincipal } from '../auth/principal.ts';
import { userOf } from '../auth/require.ts';
import type { AppEnv } from '../http/env.ts';
import { tokenAllows, type PatientScope } from '../policy/patient-access.ts';

export interface TeamAccess {
  teamId: string;
  clinicId: string;
  /** How the caller reaches the team, for the audit reason. */
  via: 'care_team' | 'clinic_admin';
}

/**
 * @param opts.admins - whether administrators of the team's clinic may act (billing), or only members
 * @param opts.scope - the API token scope the route needs (sessions hold every scope)
 * @throws ForbiddenError when the caller is neither
 */
export async function teamAccess(db: Pick<pg.Pool, 'query'>, p: UserPrincipal, teamId: string, opts: { admins: boolean; scope: PatientScope; write?: boolean }): Promise<TeamAccess> {
  if (!tokenAllows(p, opts.scope, opts.write ?? false)) throw new ForbiddenError(`the API token lacks the scope ${opts.scope}:${opts.write ? 'write' : 'read'}`);
  const { rows } = await db.query<{ clinic_id: string; member: boolean }>(
    `SELECT t.clinic_id, EXISTS (SELECT 1 FROM care_team_members m WHERE m.care_team_id = t.id AND m.user_id = $2) AS member
       FROM care_teams t WHERE t.id = $1`,
    [teamId, p.userId],
  );
  const team = rows[0];
  if (team && p.role === 'clinician' && team.member) return { teamId, clinicId: team.clinic_id, via: 'care_team' };
  if (team && p.role === 'admin' && opts.admins && team.clinic_id === p.clinicId) return { teamId, clinicId: team.clinic_id, via: 'clinic_admin' };
  throw new ForbiddenError(opts.admins ? 'only members of this care team and administrators of its clinic may do this' : 'only members of this care team may do this');
}

/** @throws NotFoundError when the patient is not one of the team's patients */
export async function requirePatientInTeam(db: Pick<pg.Pool, 'query'>, teamId: string, patientId: string): Promise<void> {
  const { rowCount } = await db.query('SELECT 1 FROM care_team_patients WHERE care_team_id = $1 AND patient_id = $2', [teamId, patientId]);
  if (!rowCount) throw new NotFoundError('the patient is not in this care team');
}

/**
 * One audit entry per patient a team list showed — who saw whom, and why — in one append; one
 * entry without a patient when the list was empty, so the look itself is on record.
 */
export async function auditListed(c: Context<AppEnv>, deps: { db: pg.Pool; clock: Clock }, patientIds: readonly string[], e: { action: string; resource: string; reason: string }): Promise<void> {
  const p = userOf(c);
  const entry = (patientId: string | null) => ({ actor: actorOf(p), actorRole: p.role, patientId, ...e, requestId: c.get('requestId') });
  const unique = [...new Set(patientIds)];
  await appendAudit(deps.db, deps.clock, unique.length ? unique.map(entry) : [entry(null)]);
}
