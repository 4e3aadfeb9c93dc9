import type pg from 'pg';
import { ConflictError, ValidationError } from '../../../common/src/errors/index.ts';
import { inTransaction } from '../../../db/src/transaction.ts';
import { poolMemberSql, type ThreadRow } from './policy.ts';
import { recordEvent, threadSummarySql, toSummary, type SummaryRow } from './thread-repo.ts';
import type { ThreadStatus } from './topics.ts';

/**
 * The staff inbox: threads of the pools the user answers, newest activity first, filtered by
 * status and assignment.
 */
export async function listInbox(db: pg.Pool, userId: string, q: { status?: ThreadStatus | undefined; assigned: 'me' | 'unassigned' | 'any'; limit: number }) {
  const { rows } = await db.query<SummaryRow & { given_name: string; family_name: string; mrn: string; last_role: string }>(
    `SELECT s.*, p.given_name, p.family_name, p.mrn,
            (SELECT author_role FROM messages WHERE thread_id = s.id ORDER BY seq DESC LIMIT 1) AS last_role
       FROM (${threadSummarySql('$1')} WHERE ${poolMemberSql('t', '$1')}
               AND ($2::text IS NULL OR t.status = $2)
               AND ($3 = 'any' OR ($3 = 'me' AND t.assignee_id = $1) OR ($3 = 'unassigned' AND t.assignee_id IS NULL))
             ORDER BY t.last_message_at DESC LIMIT $4) s
       JOIN patients p ON p.id = s.patient_id
      ORDER BY s.last_message_at DESC`,
    [userId, q.status ?? null, q.assigned, q.limit],
  );
  return rows.map((r) => ({
    ...toSummary(r),
    patient: { id: r.patient_id, name: `${r.given_name} ${r.family_name}`, mrn: r.mrn },
    awaitingStaff: r.last_role === 'patient' || r.last_role === 'proxy',
  }));
}

/**
 * Assign a thread (null: unassign). `claim` takes an unassigned thread for oneself and refuses one
 * someone else holds, so two staff never answer the same message unknowingly; `assign` moves it
 * deliberately, to anyone who answers the pool.
 *
 * @throws ConflictError when claiming a thread another person holds
 * @throws ValidationError when the assignee does not answer the thread's pool
 */
export async function setAssignee(db: pg.Pool, thread: ThreadRow, actorId: string, assigneeId: string | null, mode: 'claim' | 'assign', now: Date): Promise<void> {
  await inTransaction(db, async (tx) => {
    if (assigneeId) {
      const { rows } = await tx.query<{ ok: boolean }>(`SELECT ${poolMemberSql('t', '$2')} AS ok FROM message_threads t WHERE t.id = $1`, [thread.id, assigneeId]);
      if (!rows[0]?.ok) throw new ValidationError('the assignee does not answer this pool', [{ path: 'assigneeId', message: 'not a member of the thread’s pool' }]);
    }
    const guard = mode === 'claim' ? 'AND (assignee_id IS NULL OR assignee_id = $2)' : '';
    const r = await tx.query(`UPDATE message_threads SET assignee_id = $2 WHERE id = $1 ${guard}`, [thread.id, assigneeId]);
    if (!r.rowCount) throw new ConflictError('someone else has already claimed this conversation', { extra: { code: 'already_claimed' } });
    const action = mode === 'claim' ? 'claimed' : assigneeId ? 'assigned' : 'unassigned';
    await recordEvent(tx, thread.id, actorId, action, { assigneeId }, now);
  });
}

/** Set the status by hand (e.g. close an answered question, reopen a closed one). */
export async function setStatus(db: pg.Pool, thread: ThreadRow, actorId: string, status: ThreadStatus, now: Date): Promise<void> {
  await inTransaction(db, async (tx) => {
    await tx.query('UPDATE message_threads SET status = $2 WHERE id = $1', [thread.id, status]);
    await recordEvent(tx, thread.id, actorId, 'status', { from: thread.status, to: status }, now);
  });
}
