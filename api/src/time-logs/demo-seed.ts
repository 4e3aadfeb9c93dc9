import type pg from 'pg';
import { PATIENTS, USERS } from '../../../db/src/seed-data.ts';
import { seedRows } from '../portal-records/seed-rows.ts';
import { rpmDemoId } from '../worklist/demo-ids.ts';

const maria = PATIENTS[0];
const user = (email: string) => USERS.find((u) => u.email === email)!.id;

const entry = (n: number, clinician: string, kind: string, channel: string | null, startedAt: string, minutes: number, note: string) => ({
  id: rpmDemoId(5, n),
  patient_id: maria.id,
  clinician_id: user(clinician),
  kind,
  channel,
  started_at: startedAt,
  duration_seconds: minutes * 60,
  note,
  created_at: startedAt,
});

/**
 * Maria's monitoring work in May 2026: 14 minutes of review on the timer, 8 entered by hand and a
 * 7-minute phone call — 29 minutes with an interactive communication, CPT 99457 in the report.
 */
export async function seed(db: pg.Pool): Promise<void> {
  await seedRows(db, 'rpm_time_entries', [
    entry(1, 'nurse.patel@demo.vitals', 'timer', null, '2026-05-12T14:00:00Z', 14, 'Reviewed two weeks of glucose and BP'),
    entry(2, 'dr.chen@demo.vitals', 'manual', null, '2026-05-20T18:30:00Z', 8, 'Adjusted the evening insulin dose in the care plan'),
    entry(3, 'nurse.patel@demo.vitals', 'communication', 'phone', '2026-05-28T13:05:00Z', 7, 'Discussed the evening lows and the new bedtime snack'),
  ]);
}
