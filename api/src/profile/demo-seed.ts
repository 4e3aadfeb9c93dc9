import type pg from 'pg';
import { PATIENTS } from '../../../db/src/seed-data.ts';
import { DEMO_PHARMACIES } from '../medications/demo-seed.ts';
import { seedRows } from '../portal-records/seed-rows.ts';

const [maria, james, aiko, , lena] = PATIENTS;
const [riverside, mainStreet, mailOrder] = DEMO_PHARMACIES.map((p) => p.id);

const prefs = (channels: string[]) => ({ channels, topics: ['appointments', 'messages', 'results', 'medications', 'billing', 'forms'] });

/** Demo profiles. Samuel has none, to show the defaults and the "choose a pharmacy" path. */
export const DEMO_PROFILES = [
  {
    patient_id: maria.id,
    address: { line1: '48 Willow Lane', city: 'Springfield', state: 'MA', postalCode: '01103', country: 'US' },
    language: 'en',
    preferred_pharmacy_id: riverside,
    emergency_contact: { name: 'Luis Garcia', relationship: 'husband', phone: '+15550142001' },
    notification_prefs: prefs(['email', 'sms']),
  },
  { patient_id: james.id, address: { line1: '7 Harbor Road', city: 'Springfield', state: 'MA', postalCode: '01104', country: 'US' }, language: 'en', preferred_pharmacy_id: mainStreet, emergency_contact: { name: 'Ruth Wilson', relationship: 'daughter', phone: '+15550142002' }, notification_prefs: prefs(['email']) },
  { patient_id: aiko.id, address: null, language: 'ja', preferred_pharmacy_id: mailOrder, emergency_contact: null, notification_prefs: prefs(['email']) },
  { patient_id: lena.id, address: { line1: '19 Elm Court', city: 'Springfield', state: 'MA', postalCode: '01105', country: 'US' }, language: 'de', preferred_pharmacy_id: riverside, emergency_contact: { name: 'Anna Schmidt', relationship: 'mother', phone: '+15550142005' }, notification_prefs: prefs(['email']) },
];

/**
 * Demo profiles, and Maria's verified mobile number. Idempotent. Runs after the medications seed
 * (feature seeds run in folder order), which creates the pharmacies these refer to.
 */
export async function seed(db: pg.Pool): Promise<void> {
  await seedRows(db, 'patient_profiles', DEMO_PROFILES);
  await db.query('UPDATE patients SET phone = $2 WHERE id = $1 AND phone IS NULL', [maria.id, '+15550141001']);
}
