import type pg from 'pg';
import { PATIENTS, USERS } from '../../../db/src/seed-data.ts';
import { demoId } from '../portal-records/demo-ids.ts';
import { seedRows } from '../portal-records/seed-rows.ts';

const [maria, james] = PATIENTS;
const mariaUser = USERS.find((u) => u.patientId === maria.id)!;

/** Demo insurance (fictitious payer and numbers). */
export const DEMO_COVERAGES = [
  { id: demoId(30, 1), patient_id: maria.id, payer: 'Riverside Health Plan', member_id: 'RHP123456789', group_number: 'GRP-2048', plan: 'PPO Silver', priority: 1, effective_from: '2026-01-01', effective_to: null },
  { id: demoId(30, 2), patient_id: james.id, payer: 'Medicare Part B', member_id: '1EG4-TE5-MK73', group_number: null, plan: 'Original Medicare', priority: 1, effective_from: '2020-09-01', effective_to: null },
];

export const DEMO_STATEMENTS = [
  { id: demoId(31, 1), patient_id: maria.id, statement_date: '2026-05-15', due_date: '2026-06-14' },
  { id: demoId(31, 2), patient_id: maria.id, statement_date: '2026-03-15', due_date: '2026-04-14' },
];

// [statement, service date, CPT, description, amount, insurance paid]
const CHARGES: Array<[string, string, string, string, number, number]> = [
  [demoId(31, 1), '2026-04-02', '99214', 'Office visit, established patient, moderate complexity', 18500, 13000],
  [demoId(31, 1), '2026-04-02', '83036', 'Hemoglobin A1c', 4500, 3500],
  [demoId(31, 1), '2026-04-30', '99454', 'Remote monitoring device supply, daily recordings, each 30 days', 6200, 4960],
  [demoId(31, 1), '2026-04-30', '99457', 'Remote physiologic monitoring treatment management, first 20 minutes', 5200, 4160],
  [demoId(31, 2), '2026-02-20', '99453', 'Remote monitoring set-up and patient education on equipment', 2200, 1760],
];

/** Maria owes $87.80 on May's statement and paid $25.00 of it; March's $4.40 is paid. */
export const DEMO_PAYMENTS = [
  { id: demoId(33, 1), patient_id: maria.id, statement_id: demoId(31, 2), amount_cents: 440, status: 'succeeded', processor_ref: 'fake_ch_demo_0001', paid_by: mariaUser.id, created_at: '2026-03-20T18:02:00Z' },
  { id: demoId(33, 2), patient_id: maria.id, statement_id: demoId(31, 1), amount_cents: 2500, status: 'succeeded', processor_ref: 'fake_ch_demo_0002', paid_by: mariaUser.id, created_at: '2026-05-20T19:45:00Z' },
];

/** Insurance, statements with itemised charges, and Maria's payments. Idempotent. */
export async function seed(db: pg.Pool): Promise<void> {
  await seedRows(db, 'insurance_coverages', DEMO_COVERAGES);
  await seedRows(db, 'statements', DEMO_STATEMENTS);
  await seedRows(db, 'charges', CHARGES.map(([statement_id, service_date, cpt_code, description, amount_cents, insurance_paid_cents], i) => ({ id: demoId(32, i + 1), statement_id, service_date, cpt_code, description, amount_cents, insurance_paid_cents })));
  await seedRows(db, 'payments', DEMO_PAYMENTS);
}
