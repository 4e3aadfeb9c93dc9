import type pg from 'pg';
import { PATIENTS, USERS } from '../../../db/src/seed-data.ts';
import { METRICS, type Metric } from '../../../common/src/metrics.ts';
import { demoId } from '../portal-records/demo-ids.ts';
import { seedRows } from '../portal-records/seed-rows.ts';

const [maria, james, aiko, samuel, lena] = PATIENTS;
const nurse = USERS.find((u) => u.email === 'nurse.patel@demo.vitals')!;

type ProblemSeed = [patientId: string, system: 'snomed' | 'icd10', code: string, display: string, onset: string | null, category?: string, confidential?: boolean];
const PROBLEMS: ProblemSeed[] = [
  [maria.id, 'snomed', '44054006', 'Type 2 diabetes mellitus', '2019-03-04'],
  [maria.id, 'snomed', '59621000', 'Essential hypertension', '2020-07-15'],
  [maria.id, 'icd10', 'E78.5', 'Hyperlipidemia, unspecified', '2021-02-01'],
  // sensitive: hidden from Maria's proxies unless she shares behavioral health
  [maria.id, 'icd10', 'F32.0', 'Major depressive disorder, single episode, mild', '2025-02-10', 'behavioral_health'],
  [james.id, 'snomed', '59621000', 'Essential hypertension', '2012-05-20'],
  [james.id, 'snomed', '84114007', 'Heart failure', '2022-10-28'],
  [james.id, 'icd10', 'N18.31', 'Chronic kidney disease, stage 3a', '2023-06-14'],
  [aiko.id, 'snomed', '46635009', 'Type 1 diabetes mellitus', '2008-04-18'],
  [samuel.id, 'icd10', 'E11.9', 'Type 2 diabetes mellitus without complications', '2021-09-12'],
  [samuel.id, 'icd10', 'E66.9', 'Obesity, unspecified', '2021-09-12'],
  [lena.id, 'icd10', 'E10.9', 'Type 1 diabetes mellitus without complications', '2020-12-28'],
  // an adolescent's confidential item: hidden from a parent proxy (and sexual health from every proxy)
  [lena.id, 'icd10', 'Z30.09', 'Encounter for general counseling and advice on contraception', '2026-03-02', 'sexual_health', true],
];

const ALLERGIES: Array<[patientId: string, substance: string, reaction: string | null, severity: 'mild' | 'moderate' | 'severe']> = [
  [maria.id, 'Penicillin', 'Hives', 'moderate'],
  [maria.id, 'Sulfonamide antibiotics', 'Rash', 'mild'],
  [james.id, 'Shellfish', 'Anaphylaxis', 'severe'],
  [samuel.id, 'Latex', 'Contact dermatitis', 'mild'],
  [lena.id, 'Peanut', 'Anaphylaxis', 'severe'],
];

// CDC CVX codes
const IMMUNIZATIONS: Array<[patientId: string, cvx: string, vaccine: string, date: string]> = [
  [maria.id, '140', 'Influenza, seasonal, injectable, preservative free', '2025-10-06'],
  [maria.id, '208', 'COVID-19, mRNA, LNP-S, PF, 30 mcg/0.3 mL dose', '2024-10-21'],
  [maria.id, '33', 'Pneumococcal polysaccharide vaccine, 23 valent', '2023-04-11'],
  [maria.id, '187', 'Zoster vaccine recombinant', '2022-09-30'],
  [james.id, '140', 'Influenza, seasonal, injectable, preservative free', '2025-10-13'],
  [james.id, '115', 'Tdap', '2019-08-02'],
  [aiko.id, '140', 'Influenza, seasonal, injectable, preservative free', '2025-11-03'],
  [samuel.id, '140', 'Influenza, seasonal, injectable, preservative free', '2025-10-20'],
  [lena.id, '165', 'Human papillomavirus 9-valent vaccine', '2024-01-15'],
  [lena.id, '114', 'Meningococcal polysaccharide (groups A, C, Y and W-135) diphtheria toxoid conjugate vaccine (MCV4P)', '2023-11-20'],
];

const GOALS: Array<[patientId: string, description: string, target: string | null, due: string | null]> = [
  [maria.id, 'Keep HbA1c below 7%', 'HbA1c < 7.0 %', '2026-12-31'],
  [maria.id, 'Bring blood pressure below 130/80', '< 130/80 mm[Hg] on home readings', '2026-09-30'],
  [maria.id, 'Walk 30 minutes, 5 days a week', '150 min/week', null],
  [james.id, 'Weigh daily and call if up 1 kg in a day or 2 kg in a week', 'daily weight logged', null],
  [james.id, 'Keep blood pressure below 130/80', '< 130/80 mm[Hg]', '2026-12-31'],
  [aiko.id, 'Time in range above 70%', 'TIR 70–180 mg/dL > 70 %', '2026-08-31'],
  [lena.id, 'Time in range above 60%', 'TIR 70–180 mg/dL > 60 %', '2026-08-31'],
];

// Maria's last clinic visit
const CLINIC_VITALS: Array<[metric: Metric, value: number]> = [
  ['systolic', 138],
  ['diastolic', 86],
  ['heart_rate', 74],
  ['body_weight', 78.4],
  ['body_height', 1.62],
  ['bmi', 29.9],
];

/** Problems, allergies, immunizations, care goals and Maria's clinic vitals. Idempotent. */
export async function seed(db: pg.Pool): Promise<void> {
  await seedRows(db, 'problems', PROBLEMS.map(([patient_id, code_system, code, display, onset_date, category, confidential], i) => ({ id: demoId(20, i + 1), patient_id, code_system, code, display, onset_date, category: category ?? null, confidential: confidential ?? false })));
  await seedRows(db, 'allergies', ALLERGIES.map(([patient_id, substance, reaction, severity], i) => ({ id: demoId(21, i + 1), patient_id, substance, reaction, severity })));
  await seedRows(db, 'immunizations', IMMUNIZATIONS.map(([patient_id, cvx_code, vaccine, occurrence_date], i) => ({ id: demoId(22, i + 1), patient_id, cvx_code, vaccine, occurrence_date })));
  await seedRows(db, 'care_goals', GOALS.map(([patient_id, description, target, due_date], i) => ({ id: demoId(23, i + 1), patient_id, description, target, due_date })));
  await seedRows(db, 'clinic_vitals', CLINIC_VITALS.map(([metric, value], i) => ({ id: demoId(24, i + 1), patient_id: maria.id, metric, value, unit: METRICS[metric].unit, measured_at: '2026-05-12T14:20:00Z', recorded_by: nurse.id })));
}
