import type pg from 'pg';
import { PATIENTS, USERS } from '../../../db/src/seed-data.ts';
import { PROXY_GRANTABLE } from '../policy/patient-access.ts';

const LENA = PATIENTS.find((p) => p.mrn === 'MRN-100005')!;
const ANNA = USERS.find((u) => u.email === 'anna.schmidt@demo.vitals')!;

/**
 * Demo identity data: Anna Schmidt is the parent proxy of Lena (15), with every grantable scope
 * until Lena's 18th birthday. As a parent of an adolescent she does not see what Lena marks
 * confidential. Fixed id, so seeding twice changes nothing.
 */
export async function seed(db: pg.Pool): Promise<void> {
  const eighteenth = new Date(LENA.birthDate + 'T00:00:00Z');
  eighteenth.setUTCFullYear(eighteenth.getUTCFullYear() + 18);
  await db.query(
    `INSERT INTO proxy_grants (id, proxy_user_id, patient_id, relationship, scopes, is_parent, expires_at)
     VALUES ('00000000-0000-4000-8000-000000000601', $1, $2, 'mother', $3, true, $4) ON CONFLICT DO NOTHING`,
    [ANNA.id, LENA.id, PROXY_GRANTABLE, eighteenth],
  );
}
