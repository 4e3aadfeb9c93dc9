import type pg from 'pg';
import type { Notice } from '../notifications/notifier.ts';
import { portalRecipients } from '../notifications/recipients.ts';
import { poolMembers, type ThreadRow } from './policy.ts';
import type { Author } from './thread-repo.ts';
import { POOL_LABEL } from './topics.ts';

/**
 * Who hears about a new message. Staff replies go to the patient and the proxies the policy lets
 * see the thread; patient-side messages go to the assignee, or to everyone answering the pool while
 * nobody has claimed it. Nobody is told about their own message.
 */
export async function newMessageNotices(db: pg.Pool, thread: ThreadRow, author: Author, now: Date): Promise<Notice[]> {
  const link = `/messages/${thread.id}`;
  const staffAuthor = author.role === 'clinician' || author.role === 'admin';
  const recipients = staffAuthor
    ? await portalRecipients(db, thread.patient_id, 'messages', { adolescentConfidential: thread.adolescent_confidential }, now)
    : thread.assignee_id
      ? [thread.assignee_id]
      : await poolMembers(db, { clinicId: thread.clinic_id, patientId: thread.patient_id, pool: thread.pool });
  // staff see the subject in the portal; the patient side is told who wrote, which it knows anyway
  const title = staffAuthor ? `New message from ${POOL_LABEL[thread.pool]}` : `New patient message: ${thread.subject}`;
  return recipients.filter((id) => id !== author.userId).map((userId) => ({ userId, kind: 'new_message' as const, title, link }));
}
