import type pg from 'pg';
import { PATIENTS, USERS } from '../../../db/src/seed-data.ts';
import { demoId } from '../portal-records/demo-ids.ts';
import { seedRows } from '../portal-records/seed-rows.ts';

const [maria, james, aiko, samuel, lena] = PATIENTS;
const doctor = (email: string) => USERS.find((u) => u.email === email)!;
const chen = doctor('dr.chen@demo.vitals');
const johnson = doctor('dr.johnson@demo.vitals');

/** Demo pharmacies (fictitious NCPDP ids). */
export const DEMO_PHARMACIES = [
  { id: demoId(1, 1), name: 'Riverside Community Pharmacy', ncpdp_id: '0000001', address: '12 River St, Springfield', phone: '+15550100001' },
  { id: demoId(1, 2), name: 'Main Street Drugs', ncpdp_id: '0000002', address: '240 Main St, Springfield', phone: '+15550100002' },
  { id: demoId(1, 3), name: 'Mail Order Pharmacy Services', ncpdp_id: '0000003', address: 'PO Box 900, Shelbyville', phone: '+15550100003' },
];

const med = (n: number, patientId: string, by: typeof chen, m: { name: string; rxnorm_code?: string; dose: string; route?: string; frequency: string; start_date: string; end_date?: string; status?: string; category?: string }) => ({
  id: demoId(2, n),
  patient_id: patientId,
  name: m.name,
  rxnorm_code: m.rxnorm_code ?? null,
  dose: m.dose,
  route: m.route ?? 'oral',
  frequency: m.frequency,
  prescriber_id: by.id,
  prescriber_name: by.displayName,
  start_date: m.start_date,
  end_date: m.end_date ?? null,
  status: m.status ?? 'active',
  category: m.category ?? null,
});

/** Demo medications; RxNorm codes (RxCUI) where the demo names a specific product. */
export const DEMO_MEDICATIONS = [
  med(1, maria.id, chen, { name: 'Metformin 500 mg oral tablet', rxnorm_code: '861007', dose: '500 mg', frequency: 'twice daily with meals', start_date: '2019-03-04' }),
  med(2, maria.id, johnson, { name: 'Lisinopril 10 mg oral tablet', rxnorm_code: '314076', dose: '10 mg', frequency: 'once daily', start_date: '2020-07-15' }),
  med(3, maria.id, johnson, { name: 'Sertraline 50 mg oral tablet', rxnorm_code: '312940', dose: '50 mg', frequency: 'once daily', start_date: '2025-02-10', category: 'behavioral_health' }),
  med(4, maria.id, chen, { name: 'Glipizide 5 mg oral tablet', dose: '5 mg', frequency: 'once daily before breakfast', start_date: '2019-03-04', end_date: '2023-01-20', status: 'stopped' }),
  med(5, james.id, johnson, { name: 'Furosemide 40 mg oral tablet', dose: '40 mg', frequency: 'once daily in the morning', start_date: '2022-11-01' }),
  med(6, james.id, johnson, { name: 'Carvedilol 12.5 mg oral tablet', dose: '12.5 mg', frequency: 'twice daily', start_date: '2022-11-01' }),
  med(7, aiko.id, chen, { name: 'Insulin glargine 100 units/mL pen', dose: '18 units', route: 'subcutaneous', frequency: 'once daily at bedtime', start_date: '2008-05-01' }),
  med(8, aiko.id, chen, { name: 'Insulin lispro 100 units/mL pen', dose: 'per carbohydrate ratio 1:10 g', route: 'subcutaneous', frequency: 'with meals', start_date: '2008-05-01' }),
  med(9, samuel.id, chen, { name: 'Metformin 500 mg oral tablet', rxnorm_code: '861007', dose: '1000 mg', frequency: 'twice daily with meals', start_date: '2021-09-12' }),
  med(10, lena.id, chen, { name: 'Insulin glargine 100 units/mL pen', dose: '12 units', route: 'subcutaneous', frequency: 'once daily at bedtime', start_date: '2021-01-05' }),
];

const A1 = '00000000-0000-4000-8000-0000000000a1';
const A2 = '00000000-0000-4000-8000-0000000000a2';
const mariaUser = USERS.find((u) => u.patientId === maria.id)!;

/** Maria's refills: lisinopril approved and sent last month, metformin waiting on the diabetes team. */
export const DEMO_REFILLS = [
  { id: demoId(3, 1), patient_id: maria.id, medication_id: demoId(2, 2), pharmacy_id: DEMO_PHARMACIES[0]!.id, care_team_id: A2, requested_by: mariaUser.id, patient_note: 'Down to my last week of tablets.', status: 'sent_to_pharmacy', response_note: 'Approved for 90 days with 3 refills. It is at your pharmacy.', decided_by: johnson.id, decided_at: '2026-05-03T14:10:00Z', sent_at: '2026-05-03T14:12:00Z', created_at: '2026-05-02T09:30:00Z', updated_at: '2026-05-03T14:12:00Z' },
  { id: demoId(3, 2), patient_id: maria.id, medication_id: demoId(2, 1), pharmacy_id: DEMO_PHARMACIES[0]!.id, care_team_id: A1, requested_by: mariaUser.id, patient_note: null, status: 'requested', response_note: null, decided_by: null, decided_at: null, sent_at: null, created_at: '2026-05-30T08:00:00Z', updated_at: '2026-05-30T08:00:00Z' },
];

/** Pharmacies, medications and refill requests of the demo patients. Idempotent. */
export async function seed(db: pg.Pool): Promise<void> {
  await seedRows(db, 'pharmacies', DEMO_PHARMACIES);
  await seedRows(db, 'medications', DEMO_MEDICATIONS);
  await seedRows(db, 'refill_requests', DEMO_REFILLS);
}
