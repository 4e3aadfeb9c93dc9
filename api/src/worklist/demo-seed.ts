import type pg from 'pg';
import { CARE_TEAMS, CLINIC, PATIENTS, USERS } from '../../../db/src/seed-data.ts';
import { seedRows } from '../portal-records/seed-rows.ts';
import { DEMO_PROGRAM_ID, rpmDemoId } from './demo-ids.ts';

const [maria, james, aiko] = PATIENTS;
const [diabetes, hypertension] = CARE_TEAMS;
const user = (email: string) => USERS.find((u) => u.email === email)!.id;
const nurse = user('nurse.patel@demo.vitals');

/**
 * The demo programme (calendar-month billing, rules by date) with its adherence ladder — nudge
 * after 2 days without a reading, a nurse task after 3, the lead after 5 — and three enrolments:
 * Maria and James with device set-up recorded, Aiko without (so the billing report shows 99453
 * held back). Maria is claimed by Priya Patel and was reviewed for May 2026 by Dr. Chen.
 */
export async function seed(db: pg.Pool): Promise<void> {
  await seedRows(db, 'rpm_programs', [{ id: DEMO_PROGRAM_ID, clinic_id: CLINIC.id, name: 'Remote monitoring: diabetes and hypertension', device_period: 'calendar_month', rules_version: null }]);
  await seedRows(db, 'rpm_ladder_steps', [
    { program_id: DEMO_PROGRAM_ID, step: 1, action: 'patient_nudge', after_hours: 48 },
    { program_id: DEMO_PROGRAM_ID, step: 2, action: 'nurse_task', after_hours: 72 },
    { program_id: DEMO_PROGRAM_ID, step: 3, action: 'lead_escalation', after_hours: 120 },
  ]);
  await seedRows(db, 'rpm_enrolments', [
    { id: rpmDemoId(2, 1), program_id: DEMO_PROGRAM_ID, patient_id: maria.id, care_team_id: diabetes.id, started_at: '2026-01-05T15:00:00Z', setup_completed_at: '2026-01-05T15:40:00Z', setup_by: nurse },
    { id: rpmDemoId(2, 2), program_id: DEMO_PROGRAM_ID, patient_id: james.id, care_team_id: hypertension.id, started_at: '2026-02-02T16:00:00Z', setup_completed_at: '2026-02-02T16:30:00Z', setup_by: nurse },
    { id: rpmDemoId(2, 3), program_id: DEMO_PROGRAM_ID, patient_id: aiko.id, care_team_id: diabetes.id, started_at: '2026-03-02T14:00:00Z', setup_completed_at: null, setup_by: null },
  ]);
  await seedRows(db, 'worklist_claims', [{ care_team_id: diabetes.id, patient_id: maria.id, claimed_by: nurse, claimed_at: '2026-05-28T13:00:00Z' }]);
  await seedRows(db, 'worklist_reviews', [{ care_team_id: diabetes.id, patient_id: maria.id, period: '2026-05', reviewed_by: user('dr.chen@demo.vitals'), reviewed_at: '2026-05-29T17:00:00Z' }]);
  await seedRows(db, 'worklist_notes', [
    { id: rpmDemoId(3, 1), care_team_id: diabetes.id, patient_id: maria.id, author_id: nurse, text: 'Called about the evening lows; she now has a snack before bed. Recheck next week.', created_at: '2026-05-28T13:20:00Z' },
  ]);
}
