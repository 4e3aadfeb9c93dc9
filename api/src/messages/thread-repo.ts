import type pg from 'pg';
import { ConflictError, NotFoundError, ValidationError } from '../../../common/src/errors/index.ts';
import type { Role } from '../auth/principal.ts';
import { inTransaction, type Tx } from '../../../db/src/transaction.ts';
import type { CheckedAttachment } from './attachments.ts';
import type { ThreadRow } from './policy.ts';
import { EMERGENCY_NOTICE, POOL_OF_TOPIC, type ThreadStatus, type Topic } from './topics.ts';

export interface Author {
  userId: string;
  role: Role;
}

export interface MessageInput {
  body: string;
  attachments: readonly CheckedAttachment[];
  correctsMessageId?: string | undefined;
}

const isStaff = (role: Role) => role === 'clinician' || role === 'admin';

/** Append one message with its files. Messages are never changed afterwards (a trigger refuses it). */
async function insertMessage(tx: Tx, threadId: string, author: Author, m: MessageInput, now: Date): Promise<string> {
  const { rows } = await tx.query<{ id: string }>(
    'INSERT INTO messages (thread_id, author_id, author_role, body, corrects_message_id, sent_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
    [threadId, author.userId, author.role, m.body, m.correctsMessageId ?? null, now],
  );
  const id = rows[0]!.id;
  for (const [position, a] of m.attachments.entries()) {
    await tx.query(
      'INSERT INTO message_attachments (message_id, position, filename, content_type, size_bytes, sha256, data) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [id, position, a.filename, a.contentType, a.sizeBytes, a.sha256, a.data],
    );
  }
  return id;
}

/** A new thread from the patient side, routed to the topic's pool, with its first message. */
export async function createThread(
  db: pg.Pool,
  t: { clinicId: string; patientId: string; topic: Topic; subject: string; confidential: boolean },
  author: Author,
  first: MessageInput,
  now: Date,
): Promise<ThreadRow> {
  return inTransaction(db, async (tx) => {
    const { rows } = await tx.query<ThreadRow>(
      `INSERT INTO message_threads (clinic_id, patient_id, topic, pool, subject, adolescent_confidential, created_by, created_at, last_message_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING *`,
      [t.clinicId, t.patientId, t.topic, POOL_OF_TOPIC[t.topic], t.subject, t.confidential, author.userId, now],
    );
    await insertMessage(tx, rows[0]!.id, author, first, now);
    return rows[0]!;
  });
}

/**
 * Reply in a thread. A staff reply leaves the thread waiting on the patient; a patient-side reply
 * opens it again. Closed threads take no replies (the patient starts a new one, staff reopen it).
 *
 * @throws ConflictError when the thread is closed
 * @throws ValidationError when `correctsMessageId` is not the author's own message in this thread
 */
export async function addMessage(db: pg.Pool, threadId: string, author: Author, m: MessageInput, now: Date): Promise<{ messageId: string; thread: ThreadRow }> {
  return inTransaction(db, async (tx) => {
    const locked = await tx.query<ThreadRow>('SELECT * FROM message_threads WHERE id = $1 FOR UPDATE', [threadId]);
    const thread = locked.rows[0];
    if (!thread) throw new NotFoundError('no such message thread');
    if (thread.status === 'closed') throw new ConflictError('this conversation is closed; start a new one', { extra: { code: 'thread_closed' } });
    if (m.correctsMessageId) {
      const own = await tx.query('SELECT 1 FROM messages WHERE id = $1 AND thread_id = $2 AND author_id = $3', [m.correctsMessageId, threadId, author.userId]);
      if (!own.rowCount) throw new ValidationError('only your own message in this conversation can be corrected', [{ path: 'correctsMessageId', message: 'not your message in this thread' }]);
    }
    const messageId = await insertMessage(tx, threadId, author, m, now);
    const status: ThreadStatus = isStaff(author.role) ? 'waiting_on_patient' : 'open';
    const updated = await tx.query<ThreadRow>('UPDATE message_threads SET last_message_at = $2, status = $3 WHERE id = $1 RETURNING *', [threadId, now, status]);
    if (status !== thread.status) await recordEvent(tx, threadId, author.userId, 'status', { from: thread.status, to: status, automatic: true }, now);
    return { messageId, thread: updated.rows[0]! };
  });
}

/** Append to the thread's assignment and status history. */
export async function recordEvent(tx: Tx, threadId: string, actorId: string, action: 'claimed' | 'assigned' | 'unassigned' | 'status', detail: object, now: Date): Promise<void> {
  await tx.query('INSERT INTO message_thread_events (thread_id, at, actor_id, action, detail) VALUES ($1, $2, $3, $4, $5)', [threadId, now, actorId, action, JSON.stringify(detail)]);
}

/** Summary columns of threads `t`, with the unread count of the viewer (`viewerParam`). */
export const threadSummarySql = (viewerParam: string) => `
  SELECT t.id, t.patient_id, t.topic, t.pool, t.subject, t.status, t.adolescent_confidential, t.created_at, t.last_message_at,
         t.assignee_id, a.display_name AS assignee_name,
         (SELECT count(*)::int FROM messages m WHERE m.thread_id = t.id AND m.author_id <> ${viewerParam}
             AND NOT EXISTS (SELECT 1 FROM message_receipts r WHERE r.message_id = m.id AND r.user_id = ${viewerParam})) AS unread
    FROM message_threads t LEFT JOIN users a ON a.id = t.assignee_id`;

export type SummaryRow = ThreadRow & { assignee_name: string | null; unread: number };

export const toSummary = (r: SummaryRow) => ({
  id: r.id,
  patientId: r.patient_id,
  topic: r.topic,
  pool: r.pool,
  subject: r.subject,
  status: r.status,
  assignee: r.assignee_id ? { id: r.assignee_id, displayName: r.assignee_name ?? '' } : null,
  confidential: r.adolescent_confidential,
  createdAt: r.created_at.toISOString(),
  lastMessageAt: r.last_message_at.toISOString(),
  unread: r.unread,
});

/** A patient's threads, newest activity first; confidential ones left out when the policy says so. */
export async function listPatientThreads(db: pg.Pool, patientId: string, viewerId: string, hideConfidential: boolean) {
  const { rows } = await db.query<SummaryRow>(
    `${threadSummarySql('$2')} WHERE t.patient_id = $1 AND NOT (t.adolescent_confidential AND $3) ORDER BY t.last_message_at DESC`,
    [patientId, viewerId, hideConfidential],
  );
  return rows.map(toSummary);
}

/** One thread with every message, its files and read receipts, for a viewer allowed to see it. */
export async function threadView(db: pg.Pool, threadId: string, viewerId: string) {
  const [summary, messages, files, receipts] = await Promise.all([
    db.query<SummaryRow>(`${threadSummarySql('$2')} WHERE t.id = $1`, [threadId, viewerId]),
    db.query<{ id: string; author_id: string; display_name: string; author_role: Role; body: string; sent_at: Date; corrects_message_id: string | null }>(
      `SELECT m.id, m.author_id, u.display_name, m.author_role, m.body, m.sent_at, m.corrects_message_id
         FROM messages m JOIN users u ON u.id = m.author_id WHERE m.thread_id = $1 ORDER BY m.seq`,
      [threadId],
    ),
    db.query<{ id: string; message_id: string; filename: string; content_type: 'application/pdf'; size_bytes: number }>(
      `SELECT a.id, a.message_id, a.filename, a.content_type, a.size_bytes FROM message_attachments a JOIN messages m ON m.id = a.message_id
        WHERE m.thread_id = $1 ORDER BY m.seq, a.position`,
      [threadId],
    ),
    db.query<{ message_id: string; user_id: string; display_name: string; read_at: Date }>(
      `SELECT r.message_id, r.user_id, u.display_name, r.read_at FROM message_receipts r JOIN messages m ON m.id = r.message_id JOIN users u ON u.id = r.user_id
        WHERE m.thread_id = $1 ORDER BY r.read_at, u.display_name`,
      [threadId],
    ),
  ]);
  const s = summary.rows[0];
  if (!s) throw new NotFoundError('no such message thread');
  return {
    ...toSummary(s),
    emergencyNotice: EMERGENCY_NOTICE,
    messages: messages.rows.map((m) => ({
      id: m.id,
      author: { id: m.author_id, displayName: m.display_name, role: m.author_role },
      body: m.body,
      sentAt: m.sent_at.toISOString(),
      correctsMessageId: m.corrects_message_id,
      attachments: files.rows.filter((f) => f.message_id === m.id).map((f) => ({ id: f.id, filename: f.filename, contentType: f.content_type, sizeBytes: f.size_bytes })),
      readBy: receipts.rows.filter((r) => r.message_id === m.id).map((r) => ({ userId: r.user_id, displayName: r.display_name, readAt: r.read_at.toISOString() })),
    })),
  };
}

/** Record that the user has read every message of the thread written by someone else. */
export async function markThreadRead(db: pg.Pool, threadId: string, userId: string, now: Date): Promise<number> {
  const r = await db.query(
    `INSERT INTO message_receipts (message_id, user_id, read_at)
     SELECT id, $2, $3 FROM messages WHERE thread_id = $1 AND author_id <> $2 ON CONFLICT DO NOTHING`,
    [threadId, userId, now],
  );
  return r.rowCount ?? 0;
}

/** The bytes of one attachment of a thread. */
export async function attachmentFile(db: pg.Pool, threadId: string, attachmentId: string) {
  const { rows } = await db.query<{ filename: string; content_type: string; data: Buffer }>(
    'SELECT a.filename, a.content_type, a.data FROM message_attachments a JOIN messages m ON m.id = a.message_id WHERE a.id = $1 AND m.thread_id = $2',
    [attachmentId, threadId],
  );
  if (!rows[0]) throw new NotFoundError('no such attachment');
  return rows[0];
}
