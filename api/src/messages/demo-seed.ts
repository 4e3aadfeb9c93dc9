import { createHash } from 'node:crypto';
import type pg from 'pg';
import { CLINIC, PATIENTS, USERS } from '../../../db/src/seed-data.ts';
import { inTransaction } from '../../../db/src/transaction.ts';
import type { Pool, ThreadStatus, Topic } from './topics.ts';

/**
 * Demo conversations, fixed in time before the test harness's clock (2026-06-01) so tests and the
 * demo see the same state: an open question Maria is waiting on, James's answered refill, and an
 * unclaimed billing question.
 */
export const DEMO_ANCHOR = Date.parse('2026-05-28T12:00:00Z');
const HOUR = 3_600_000;
const at = (hoursBefore: number) => new Date(DEMO_ANCHOR - hoursBefore * HOUR);

const user = (email: string) => USERS.find((u) => u.email === email)!;
const maria = user('maria@demo.vitals');
const james = user('james@demo.vitals');
const drChen = user('dr.chen@demo.vitals');
const nurse = user('nurse.patel@demo.vitals');
const admin = user('admin@demo.vitals');

const id = (n: number) => `00000000-0000-4000-8000-0000000d${n.toString(16).padStart(4, '0')}`;

interface DemoThread {
  id: string;
  patientId: string;
  topic: Topic;
  pool: Pool;
  subject: string;
  status: ThreadStatus;
  assigneeId: string | null;
  messages: Array<{ id: string; authorId: string; role: 'patient' | 'clinician'; body: string; hoursBefore: number; readBy: string[] }>;
}

export const DEMO_THREADS: DemoThread[] = [
  {
    id: id(1),
    patientId: PATIENTS[0].id,
    topic: 'medical_question',
    pool: 'care_team',
    subject: 'Morning glucose higher than usual',
    status: 'open',
    assigneeId: drChen.id,
    messages: [
      { id: id(101), authorId: maria.id, role: 'patient', body: 'My fasting glucose has been around 160 the last few mornings, higher than usual. Should I change anything?', hoursBefore: 72, readBy: [drChen.id] },
      { id: id(102), authorId: drChen.id, role: 'clinician', body: 'Thank you for telling us. Keep taking your readings; your meter sends them to us. We will go over them at your visit next week. If you see readings above 300 or feel unwell, call the clinic.', hoursBefore: 69, readBy: [maria.id] },
      { id: id(103), authorId: maria.id, role: 'patient', body: 'Thank you, I will.', hoursBefore: 52, readBy: [] },
    ],
  },
  {
    id: id(2),
    patientId: PATIENTS[1].id,
    topic: 'prescription_refill',
    pool: 'care_team',
    subject: 'Refill: lisinopril 20 mg',
    status: 'closed',
    assigneeId: nurse.id,
    messages: [
      { id: id(201), authorId: james.id, role: 'patient', body: 'I have five tablets of lisinopril left. Could you send a refill to my usual pharmacy?', hoursBefore: 120, readBy: [nurse.id] },
      { id: id(202), authorId: nurse.id, role: 'clinician', body: 'Done: Dr. Johnson approved a 90-day refill and it has been sent to your pharmacy.', hoursBefore: 117.5, readBy: [james.id] },
    ],
  },
  {
    id: id(3),
    patientId: PATIENTS[0].id,
    topic: 'billing',
    pool: 'billing',
    subject: 'Charged twice for my May visit?',
    status: 'open',
    assigneeId: null,
    messages: [{ id: id(301), authorId: maria.id, role: 'patient', body: 'My statement shows two charges for my visit on May 12. Could you check?', hoursBefore: 20, readBy: [] }],
  },
];

/**
 * Maria's glucose log, attached to her first message: a one-page PDF, so the download can be tried.
 * Viewers tolerate the missing cross-reference table.
 */
export const DEMO_ATTACHMENT = {
  id: id(0x901),
  messageId: id(101),
  filename: 'glucose-log-may.pdf',
  data: Buffer.from(
    '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
      '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj\n' +
      '4 0 obj<</Length 60>>stream\nBT /F1 14 Tf 72 720 Td (Fasting glucose, May: 152-171 mg/dL) Tj ET\nendstream endobj\n' +
      '5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
  ),
};

/** Who answers the clinic-wide pools in the demo. */
const POOL_MEMBERS: Array<{ pool: 'front_desk' | 'billing'; userId: string }> = [
  { pool: 'front_desk', userId: nurse.id },
  { pool: 'front_desk', userId: admin.id },
  { pool: 'billing', userId: admin.id },
];

/** Idempotent: fixed ids, and nothing is inserted twice. */
export async function seed(db: pg.Pool): Promise<void> {
  await inTransaction(db, async (tx) => {
    for (const m of POOL_MEMBERS) {
      await tx.query('INSERT INTO message_pool_members (clinic_id, pool, user_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [CLINIC.id, m.pool, m.userId]);
    }
    for (const t of DEMO_THREADS) {
      const first = t.messages[0]!;
      const last = t.messages.at(-1)!;
      const created = await tx.query(
        `INSERT INTO message_threads (id, clinic_id, patient_id, topic, pool, subject, status, assignee_id, created_by, created_at, last_message_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING`,
        [t.id, CLINIC.id, t.patientId, t.topic, t.pool, t.subject, t.status, t.assigneeId, first.authorId, at(first.hoursBefore), at(last.hoursBefore)],
      );
      if (!created.rowCount) continue;
      for (const m of t.messages) {
        await tx.query('INSERT INTO messages (id, thread_id, author_id, author_role, body, sent_at) VALUES ($1, $2, $3, $4, $5, $6)', [m.id, t.id, m.authorId, m.role, m.body, at(m.hoursBefore)]);
        for (const reader of m.readBy) {
          await tx.query('INSERT INTO message_receipts (message_id, user_id, read_at) VALUES ($1, $2, $3)', [m.id, reader, at(m.hoursBefore - 0.5)]);
        }
      }
      if (t.messages.some((m) => m.id === DEMO_ATTACHMENT.messageId)) {
        const a = DEMO_ATTACHMENT;
        await tx.query(
          `INSERT INTO message_attachments (id, message_id, position, filename, content_type, size_bytes, sha256, data) VALUES ($1, $2, 0, $3, 'application/pdf', $4, $5, $6)`,
          [a.id, a.messageId, a.filename, a.data.length, createHash('sha256').update(a.data).digest('hex'), a.data],
        );
      }
      if (t.assigneeId) {
        await tx.query(`INSERT INTO message_thread_events (thread_id, at, actor_id, action, detail) VALUES ($1, $2, $3, 'claimed', $4)`, [t.id, at(first.hoursBefore - 0.25), t.assigneeId, JSON.stringify({ assigneeId: t.assigneeId })]);
      }
    }
  });
}
