import type pg from 'pg';
import { PATIENTS, USERS } from '../../../db/src/seed-data.ts';
import { seedRows } from '../portal-records/seed-rows.ts';
import { rpmDemoId } from '../worklist/demo-ids.ts';

const maria = PATIENTS[0];
const mariaUser = USERS.find((u) => u.patientId === maria.id)!.id;
const nurse = USERS.find((u) => u.email === 'nurse.patel@demo.vitals')!.id;

const annotation = (n: number, at: string, detail: Record<string, unknown>, author: { id: string; role: string }, note: string | null = null) => ({
  id: rpmDemoId(4, n),
  patient_id: maria.id,
  at,
  kind: detail.kind,
  detail,
  note,
  author_id: author.id,
  author_role: author.role,
  created_at: at,
});

/** A few of Maria's annotations: a meal, a symptom, her medication and a BP-technique checklist. */
export async function seed(db: pg.Pool): Promise<void> {
  const me = { id: mariaUser, role: 'patient' };
  await seedRows(db, 'reading_annotations', [
    annotation(1, '2026-05-30T12:10:00Z', { kind: 'meal', meal: 'breakfast', timing: 'before', carbsGrams: 45 }, me),
    annotation(2, '2026-05-30T23:40:00Z', { kind: 'symptom', symptom: 'shaky and sweaty', severity: 'moderate' }, me, 'Ate a banana, felt better after 15 minutes.'),
    annotation(3, '2026-05-31T12:00:00Z', { kind: 'medication', name: 'metformin', dose: '500 mg', takenAt: '2026-05-31T12:00:00Z' }, me),
    annotation(4, '2026-05-31T22:05:00Z', { kind: 'measurement_condition', conditions: ['seated_back_supported', 'rested_5_minutes', 'arm_supported_heart_level', 'cuff_on_bare_arm'], checklistResponseId: 'bp-technique-demo-1' }, { id: nurse, role: 'clinician' }, 'Technique checked on a video call.'),
  ]);
}
