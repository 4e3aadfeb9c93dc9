/**
 * Rows for the FHIR integration tests: readings stored through the ingest path (validation,
 * device mapping, dedupe), lab results in their release states, an appointment, API tokens.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { readingId } from '../../../../common/src/reading-id.ts';
import type { WireReading } from '../../../../common/src/wire/readings.ts';
import { CLINIC, USERS } from '../../../../db/src/seed-data.ts';
import { commitSubmissions } from '../../../../ingest/src/pipeline/reading-store.ts';
import { validateBatch } from '../../../../ingest/src/pipeline/validate-batch.ts';
import { createToken, hashToken } from '../../identity/crypto/tokens.ts';

/** Store readings as ingest would from a gateway's MQTT batch received at `receivedAt`. */
export async function ingestReadings(db: pg.Pool, gatewayId: string, readings: WireReading[], receivedAt: Date): Promise<void> {
  const payload = Buffer.from(JSON.stringify({ v: 1, gatewayId, sentAt: receivedAt.toISOString(), readings }));
  const verdict = validateBatch(payload, gatewayId, { now: receivedAt, maxFutureMs: 600_000 });
  const result = await commitSubmissions(db, [{ gatewayId, topic: `rpm/v1/gw/${gatewayId}/readings`, payload, receivedAt, verdict }]);
  if (result.deadLettered) throw new Error(`fixture readings were dead-lettered: ${JSON.stringify(result.deadByReason)}`);
}

/** A BP cuff reading (characteristic 2A35) with systolic, diastolic, mean arterial and pulse. */
export function bpWireReading(deviceKey: string, measuredAt: string, sequence: number, v: { sys: number; dia: number; map: number; pulse: number }): WireReading {
  return {
    ...sequencedReading(deviceKey, '2A35', sequence, measuredAt),
    deviceTime: measuredAt.slice(0, 19),
    values: [
      { metric: 'systolic', value: v.sys, unit: 'mm[Hg]' },
      { metric: 'diastolic', value: v.dia, unit: 'mm[Hg]' },
      { metric: 'mean_arterial', value: v.map, unit: 'mm[Hg]' },
      { metric: 'heart_rate', value: v.pulse, unit: '/min' },
    ],
  };
}

/** The identity of a reading from a device that numbers its records. */
function sequencedReading(deviceKey: string, characteristic: string, sequence: number, measuredAt: string) {
  return { id: readingId(deviceKey, characteristic, { sequence }), deviceId: deviceKey, characteristic, sequence, measuredAt };
}

/** A glucose meter reading (characteristic 2A18), reported in mmol/L and stored in mg/dL. */
export function meterWireReading(deviceKey: string, measuredAt: string, sequence: number, mgdl: number): WireReading {
  return {
    ...sequencedReading(deviceKey, '2A18', sequence, measuredAt),
    values: [{ metric: 'glucose', value: mgdl, unit: 'mg/dL', originalValue: Math.round((mgdl / 18.016) * 10) / 10, originalUnit: 'mmol/L' }],
  };
}

/** A seeded user's id by email; anything else is taken as a user id already. */
export const userIdOf = (user: string) => USERS.find((u) => u.email === user)?.id ?? user;

/** A lab result of a patient: released (verified, delay over), held (verified, delay running) or preliminary. */
export async function insertLabResult(db: pg.Pool, patientId: string, state: 'released' | 'held' | 'preliminary', o: { loinc: string; name: string; value: number; unit: string; collectedAt: string; now: Date; id?: string }): Promise<string> {
  const id = o.id ?? randomUUID();
  const verified = state === 'preliminary' ? null : new Date(o.now.getTime() - 86_400_000);
  const release = state === 'released' ? verified : state === 'held' ? new Date(o.now.getTime() + 86_400_000) : null;
  const doctor = userIdOf('dr.chen@demo.vitals');
  await db.query(
    `INSERT INTO lab_results (id, clinic_id, patient_id, ordered_by, loinc, display_name, category, value_numeric, unit, ref_low, ref_high, flag,
                              collected_at, resulted_at, verified_at, verified_by, release_at, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, 'chemistry', $7, $8, 70, 99, 'H', $9, $9, $10, $11, $12, $9)`,
    [id, CLINIC.id, patientId, doctor, o.loinc, o.name, o.value, o.unit, o.collectedAt, verified, verified ? doctor : null, release],
  );
  return id;
}

/** A booked appointment for a patient with a provider, location, visit type and slot made for it. */
export async function insertAppointment(db: pg.Pool, patientId: string, startsAt: string, id: string = randomUUID()): Promise<string> {
  const ids = { provider: randomUUID(), location: randomUUID(), visitType: randomUUID(), slot: randomUUID(), appointment: id };
  const endsAt = new Date(Date.parse(startsAt) + 30 * 60_000);
  const suffix = ids.provider.slice(0, 8);
  await db.query(`INSERT INTO providers (id, clinic_id, user_id, display_name) VALUES ($1, $2, $3, 'Dr. Wei Chen') ON CONFLICT (user_id) DO NOTHING`, [ids.provider, CLINIC.id, userIdOf('dr.chen@demo.vitals')]);
  const provider = (await db.query<{ id: string }>('SELECT id FROM providers WHERE user_id = $1', [userIdOf('dr.chen@demo.vitals')])).rows[0]!.id;
  await db.query(`INSERT INTO appointment_locations (id, clinic_id, name) VALUES ($1, $2, $3)`, [ids.location, CLINIC.id, `Room ${suffix}`]);
  await db.query(`INSERT INTO visit_types (id, clinic_id, code, name, modality, duration_minutes) VALUES ($1, $2, $3, 'Diabetes follow-up', 'in_person', 30)`, [ids.visitType, CLINIC.id, `fu-${suffix}`]);
  await db.query(`INSERT INTO appointment_slots (id, clinic_id, provider_id, location_id, visit_type_id, starts_at, ends_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [ids.slot, CLINIC.id, provider, ids.location, ids.visitType, startsAt, endsAt]);
  await db.query(
    `INSERT INTO appointments (id, clinic_id, patient_id, slot_id, provider_id, location_id, visit_type_id, starts_at, ends_at, reason, video_token)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'HbA1c review', $10)`,
    [ids.appointment, CLINIC.id, patientId, ids.slot, provider, ids.location, ids.visitType, startsAt, endsAt, `secret-video-${suffix}`],
  );
  return ids.appointment;
}

/** An API token of a user (seeded email or id) with the given scopes (SMART or `<scope>:read`), as a bearer header. */
export async function bearerWith(db: pg.Pool, user: string, scopes: string[], now: Date): Promise<Record<string, string>> {
  const token = createToken('api');
  await db.query('INSERT INTO api_tokens (user_id, name, token_hash, scopes, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)', [userIdOf(user), `test ${scopes.join(' ')}`, hashToken(token), scopes, now, new Date(now.getTime() + 86_400_000)]);
  return { authorization: `Bearer ${token}` };
}

export interface TestPatient {
  patientId: string;
  /** The patient's own portal account (sign in with `as: userId`). */
  userId: string;
  /** Device keys of the patient's BP cuff and glucose meter, assigned since 2025. */
  cuff: { id: string; key: string };
  meter: { id: string; key: string };
}

/**
 * A patient of their own with an account, in the given care teams (Nurse Patel is in both demo
 * teams; Dr. Haddad in none), with a BP cuff and a glucose meter: rows no demo seed touches.
 */
export async function createTestPatient(db: pg.Pool, teams: Array<'a1' | 'a2'> = ['a1']): Promise<TestPatient> {
  const patientId = randomUUID();
  const userId = randomUUID();
  const tag = patientId.slice(0, 8);
  await db.query(`INSERT INTO patients (id, clinic_id, mrn, given_name, family_name, birth_date, sex, timezone) VALUES ($1, $2, $3, 'Rosa', 'Test', '1968-03-14', 'female', 'America/New_York')`, [patientId, CLINIC.id, `T-${tag}`]);
  await db.query(`INSERT INTO users (id, clinic_id, email, display_name, role, patient_id) VALUES ($1, $2, $3, 'Rosa Test', 'patient', $4)`, [userId, CLINIC.id, `rosa.${tag}@test.vitals`, patientId]);
  for (const t of teams) await db.query('INSERT INTO care_team_patients (care_team_id, patient_id) VALUES ($1, $2)', [`00000000-0000-4000-8000-0000000000${t}`, patientId]);
  const device = async (type: 'bp_cuff' | 'glucose_meter', key: string) => {
    const id = randomUUID();
    await db.query(`INSERT INTO devices (id, clinic_id, device_key, type, manufacturer, model, serial) VALUES ($1, $2, $3, $4, 'Acme Medical', 'Test', $3)`, [id, CLINIC.id, key, type]);
    await db.query(`INSERT INTO device_assignments (device_id, patient_id, valid) VALUES ($1, $2, tstzrange('2025-01-01', NULL))`, [id, patientId]);
    return { id, key };
  };
  return { patientId, userId, cuff: await device('bp_cuff', `BP-${tag}`), meter: await device('glucose_meter', `GM-${tag}`) };
}
