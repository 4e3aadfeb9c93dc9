import type pg from 'pg';
import { CLINIC, PATIENTS, USERS } from '../../../db/src/seed-data.ts';
import { inTransaction } from '../../../db/src/transaction.ts';
import type { ResultCategory } from './categories.ts';
import { computeFlag, isCritical } from './flags.ts';

/**
 * Demo results for Maria (a year of HbA1c, a high glucose, an LDL waiting for verification, a skin
 * biopsy inside its 3-day pathology delay) and James (kidney values, and a critical potassium with
 * an open call task). Times are fixed around the demo anchor, before the test clock (2026-06-01).
 */
const ANCHOR = Date.parse('2026-05-28T12:00:00Z');
const DAY = 86_400_000;
const daysBefore = (d: number) => new Date(ANCHOR - d * DAY);

const id = (n: number) => `00000000-0000-4000-8000-0000000e${n.toString(16).padStart(4, '0')}`;
const drChen = USERS.find((u) => u.email === 'dr.chen@demo.vitals')!.id;
const drJohnson = USERS.find((u) => u.email === 'dr.johnson@demo.vitals')!.id;
const [maria, james] = [PATIENTS[0].id, PATIENTS[1].id];

interface DemoResult {
  id: string;
  patientId: string;
  orderedBy: string;
  loinc: string;
  name: string;
  category: ResultCategory;
  value: number | string;
  unit?: string;
  low?: number;
  high?: number;
  collectedDaysBefore: number;
  /** days before the anchor it was verified (negative: after); absent: not verified yet */
  verifiedDaysBefore?: number;
}

const a1c = (n: number, value: number, days: number): DemoResult => ({ id: id(n), patientId: maria, orderedBy: drChen, loinc: '4548-4', name: 'Hemoglobin A1c', category: 'endocrinology', value, unit: '%', low: 4, high: 5.6, collectedDaysBefore: days, verifiedDaysBefore: days - 1 });

export const DEMO_RESULTS: DemoResult[] = [
  a1c(1, 8.4, 360),
  a1c(2, 7.9, 270),
  a1c(3, 7.5, 180),
  a1c(4, 7.1, 90),
  a1c(5, 6.9, 8),
  { id: id(6), patientId: maria, orderedBy: drChen, loinc: '2345-7', name: 'Glucose', category: 'chemistry', value: 182, unit: 'mg/dL', low: 70, high: 99, collectedDaysBefore: 8, verifiedDaysBefore: 7 },
  { id: id(7), patientId: maria, orderedBy: drChen, loinc: '2823-3', name: 'Potassium', category: 'chemistry', value: 4.3, unit: 'mmol/L', low: 3.5, high: 5.1, collectedDaysBefore: 8, verifiedDaysBefore: 7 },
  { id: id(8), patientId: maria, orderedBy: drChen, loinc: '13457-7', name: 'LDL cholesterol', category: 'lipids', value: 128, unit: 'mg/dL', high: 100, collectedDaysBefore: 2 },
  { id: id(9), patientId: maria, orderedBy: drChen, loinc: '22637-3', name: 'Skin biopsy, left forearm: final diagnosis', category: 'pathology', value: 'Seborrheic keratosis. Benign; no atypia.', collectedDaysBefore: 6, verifiedDaysBefore: -2 },
  { id: id(10), patientId: james, orderedBy: drJohnson, loinc: '2160-0', name: 'Creatinine', category: 'chemistry', value: 1.4, unit: 'mg/dL', low: 0.74, high: 1.35, collectedDaysBefore: 10, verifiedDaysBefore: 9 },
  { id: id(11), patientId: james, orderedBy: drJohnson, loinc: '98979-8', name: 'eGFR (estimated kidney function)', category: 'chemistry', value: 52, unit: 'mL/min/{1.73_m2}', low: 60, collectedDaysBefore: 10, verifiedDaysBefore: 9 },
  { id: id(12), patientId: james, orderedBy: drJohnson, loinc: '2951-2', name: 'Sodium', category: 'chemistry', value: 138, unit: 'mmol/L', low: 136, high: 145, collectedDaysBefore: 10, verifiedDaysBefore: 9 },
  { id: id(13), patientId: james, orderedBy: drJohnson, loinc: '718-7', name: 'Hemoglobin', category: 'hematology', value: 13.9, unit: 'g/dL', low: 13.2, high: 16.6, collectedDaysBefore: 10, verifiedDaysBefore: 9 },
  { id: id(14), patientId: james, orderedBy: drJohnson, loinc: '2823-3', name: 'Potassium', category: 'chemistry', value: 6.8, unit: 'mmol/L', low: 3.5, high: 5.1, collectedDaysBefore: 1 },
];

/** The call task James's critical potassium opened. */
export const DEMO_CRITICAL_TASK_ID = id(0x1000 + 14);

/** Pathology waits 3 days after verification, so the clinician can talk to the patient first. */
const DELAYS = [{ category: 'pathology', hours: 72 }];

/** Idempotent: fixed ids, inserted once. */
export async function seed(db: pg.Pool): Promise<void> {
  await inTransaction(db, async (tx) => {
    for (const d of DELAYS) {
      await tx.query('INSERT INTO result_release_delays (clinic_id, category, delay) VALUES ($1, $2, make_interval(hours => $3)) ON CONFLICT DO NOTHING', [CLINIC.id, d.category, d.hours]);
    }
    const catalog = await tx.query<{ loinc: string; critical_low: number | null; critical_high: number | null }>('SELECT loinc, critical_low, critical_high FROM lab_test_catalog');
    for (const r of DEMO_RESULTS) {
      const numeric = typeof r.value === 'number' ? r.value : null;
      const limits = catalog.rows.find((c) => c.loinc === r.loinc);
      const flag = numeric === null ? null : computeFlag(numeric, { low: r.low, high: r.high }, { low: limits?.critical_low, high: limits?.critical_high });
      const collected = daysBefore(r.collectedDaysBefore);
      const resulted = new Date(collected.getTime() + DAY / 2);
      const verified = r.verifiedDaysBefore === undefined ? null : daysBefore(r.verifiedDaysBefore);
      const delayHours = DELAYS.find((d) => d.category === r.category)?.hours ?? 0;
      const release = verified && new Date(verified.getTime() + delayHours * 3_600_000);
      const inserted = await tx.query(
        `INSERT INTO lab_results (id, clinic_id, patient_id, ordered_by, loinc, display_name, category, value_numeric, value_text, unit, ref_low, ref_high,
                                  flag, flag_computed, collected_at, resulted_at, verified_at, verified_by, release_at, release_notified_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $16) ON CONFLICT DO NOTHING`,
        [
          r.id, CLINIC.id, r.patientId, r.orderedBy, r.loinc, r.name, r.category, numeric, numeric === null ? r.value : null, r.unit ?? null, r.low ?? null, r.high ?? null,
          flag, flag !== null, collected, resulted, verified, verified && r.orderedBy, release,
          // released demo results were announced already (notifications/demo-seed.ts); the biopsy waits for the release job
          release && release.getTime() <= ANCHOR ? release : null,
        ],
      );
      if (inserted.rowCount && isCritical(flag)) {
        await tx.query(`INSERT INTO care_tasks (id, clinic_id, patient_id, kind, result_id, created_at) VALUES ($1, $2, $3, 'call_patient_critical_result', $4, $5) ON CONFLICT DO NOTHING`, [DEMO_CRITICAL_TASK_ID, CLINIC.id, r.patientId, r.id, resulted]);
      }
    }
  });
}
