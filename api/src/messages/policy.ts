import type { Context } from 'hono';
import type pg from 'pg';
import type { Clock } from '../../../common/src/clock.ts';
import { ForbiddenError, NotFoundError } from '../../../common/src/errors/index.ts';
import { userOf } from '../auth/require.ts';
import type { AppEnv } from '../http/env.ts';
import { itemVisible } from '../notifications/recipients.ts';
import { auditDecision } from '../policy/audited-decision.ts';
import { tokenAllows, type AccessVia } from '../policy/patient-access.ts';
import { guardPatient } from '../policy/patient-guard.ts';
import type { Pool, ThreadStatus, Topic } from './topics.ts';

/**
 * SQL that is true when user `userParam` answers the pool of thread `t`: for the care-team pool,
 * membership of one of the patient's care teams; for the others, the clinic's pool list.
 */
export const poolMemberSql = (t: string, userParam: string) =>
  `(CASE ${t}.pool WHEN 'care_team'
      THEN EXISTS (SELECT 1 FROM care_team_members m JOIN care_team_patients tp ON tp.care_team_id = m.care_team_id
                    WHERE m.user_id = ${userParam} AND tp.patient_id = ${t}.patient_id)
      ELSE EXISTS (SELECT 1 FROM message_pool_members pm WHERE pm.clinic_id = ${t}.clinic_id AND pm.pool = ${t}.pool AND pm.user_id = ${userParam}) END)`;

/** Everyone who answers a pool for a patient. */
export async function poolMembers(db: Pick<pg.Pool, 'query'>, t: { clinicId: string; patientId: string; pool: Pool }): Promise<string[]> {
  const { rows } = await db.query<{ user_id: string }>(
    `SELECT m.user_id FROM care_team_members m JOIN care_team_patients tp ON tp.care_team_id = m.care_team_id
      WHERE $3 = 'care_team' AND tp.patient_id = $2
     UNION
     SELECT user_id FROM message_pool_members WHERE clinic_id = $1 AND pool = $3`,
    [t.clinicId, t.patientId, t.pool],
  );
  return rows.map((r) => r.user_id);
}

export interface ThreadRow {
  id: string;
  clinic_id: string;
  patient_id: string;
  topic: Topic;
  pool: Pool;
  subject: string;
  status: ThreadStatus;
  assignee_id: string | null;
  adolescent_confidential: boolean;
  created_at: Date;
  last_message_at: Date;
}

export interface ThreadAccess {
  thread: ThreadRow;
  /** How the caller reaches the thread: through the patient's record, or as a member of its pool. */
  via: AccessVia | 'pool';
  /** The caller answers the thread's pool (may claim, assign, set status). */
  poolMember: boolean;
}

/**
 * Check access to one thread and write the audit entry. Staff who answer the thread's pool reach it
 * through the pool (front-desk and billing staff need not be in the care team); everyone else goes
 * through the patient access policy with the `messages` scope, whose filters then apply (a parent
 * proxy does not see an adolescent's confidential thread: 404, as if it did not exist).
 *
 * @throws NotFoundError when there is no such thread (or it is hidden from the caller)
 * @throws ForbiddenError when the policy denies access
 */
export async function guardThread(c: Context<AppEnv>, deps: { db: pg.Pool; clock: Clock }, threadId: string, audit: { action: string; write?: boolean }): Promise<ThreadAccess> {
  const p = userOf(c);
  const { rows } = await deps.db.query<ThreadRow & { pool_member: boolean }>(`SELECT t.*, ${poolMemberSql('t', '$2')} AS pool_member FROM message_threads t WHERE t.id = $1`, [threadId, p.userId]);
  const row = rows[0];
  if (!row) throw new NotFoundError('no such message thread');
  const { pool_member: poolMember, ...thread } = row;
  const resource = `message-thread/${threadId}`;
  const staff = p.role === 'clinician' || p.role === 'admin';
  if (staff && poolMember && tokenAllows(p, 'messages', audit.write ?? false)) {
    await auditDecision(c, deps, p, thread.patient_id, { allowed: true, reason: `via message pool ${thread.pool}` }, { action: audit.action, resource });
    return { thread, via: 'pool', poolMember };
  }
  const d = await guardPatient(c, deps, thread.patient_id, 'messages', { action: audit.action, resource, write: audit.write ?? false });
  if (!itemVisible(d, { adolescentConfidential: thread.adolescent_confidential })) throw new NotFoundError('no such message thread');
  return { thread, via: d.via, poolMember };
}

/** @throws ForbiddenError unless the caller answers the thread's pool */
export function requirePoolMember(access: ThreadAccess, what: string): void {
  if (!access.poolMember) throw new ForbiddenError(`only staff who answer this pool can ${what}`, { extra: { code: 'not_in_pool' } });
}
