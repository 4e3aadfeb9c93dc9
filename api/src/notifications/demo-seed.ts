import type pg from 'pg';
import { USERS } from '../../../db/src/seed-data.ts';
import { DEMO_THREADS } from '../messages/demo-seed.ts';
import { DEMO_CRITICAL_TASK_ID, DEMO_RESULTS } from '../results/demo-seed.ts';
import type { NotificationKind } from './kinds.ts';

/**
 * Demo notifications matching the demo messages and results (fixed ids and times before the test
 * clock): unread results for Maria and James, read message notices, and the staff side's new
 * patient message and critical-result call.
 */
const ANCHOR = Date.parse('2026-05-28T12:00:00Z');
const HOUR = 3_600_000;
const user = (email: string) => USERS.find((u) => u.email === email)!.id;
const id = (n: number) => `00000000-0000-4000-8000-0000000f${n.toString(16).padStart(4, '0')}`;
const result = (n: number) => `/results/${DEMO_RESULTS[n - 1]!.id}`;
const thread = (n: number) => `/messages/${DEMO_THREADS[n - 1]!.id}`;
const criticalTask = `/care-tasks/${DEMO_CRITICAL_TASK_ID}`;

const DEMO: Array<{ id: string; userId: string; kind: NotificationKind; title: string; link: string; hoursBefore: number; read: boolean }> = [
  { id: id(1), userId: user('maria@demo.vitals'), kind: 'new_result', title: 'New result: Hemoglobin A1c', link: result(5), hoursBefore: 168, read: false },
  { id: id(2), userId: user('maria@demo.vitals'), kind: 'new_result', title: 'New result: Glucose', link: result(6), hoursBefore: 168, read: false },
  { id: id(3), userId: user('maria@demo.vitals'), kind: 'new_message', title: 'New message from your care team', link: thread(1), hoursBefore: 69, read: true },
  { id: id(4), userId: user('james@demo.vitals'), kind: 'new_result', title: 'New result: Creatinine', link: result(10), hoursBefore: 216, read: false },
  { id: id(5), userId: user('james@demo.vitals'), kind: 'new_message', title: 'New message from your care team', link: thread(2), hoursBefore: 117.5, read: true },
  { id: id(6), userId: user('dr.chen@demo.vitals'), kind: 'new_message', title: 'New patient message: Morning glucose higher than usual', link: thread(1), hoursBefore: 52, read: false },
  { id: id(7), userId: user('nurse.patel@demo.vitals'), kind: 'care_task', title: 'Call the patient: critical Potassium', link: criticalTask, hoursBefore: 12, read: false },
  { id: id(8), userId: user('dr.johnson@demo.vitals'), kind: 'care_task', title: 'Call the patient: critical Potassium', link: criticalTask, hoursBefore: 12, read: false },
];

/** Idempotent: fixed ids. */
export async function seed(db: pg.Pool): Promise<void> {
  await db.query(
    `INSERT INTO notifications (id, user_id, kind, title, link, created_at, read_at)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::timestamptz[]) ON CONFLICT DO NOTHING`,
    [
      DEMO.map((n) => n.id),
      DEMO.map((n) => n.userId),
      DEMO.map((n) => n.kind),
      DEMO.map((n) => n.title),
      DEMO.map((n) => n.link),
      DEMO.map((n) => new Date(ANCHOR - n.hoursBefore * HOUR)),
      DEMO.map((n) => (n.read ? new Date(ANCHOR - (n.hoursBefore - 1) * HOUR) : null)),
    ],
  );
}
