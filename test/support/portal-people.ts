import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { CLINIC } from '../../db/src/seed-data.ts';

/**
 * People the demo seed does not have, for portal tests: proxies with chosen scopes, and accounts
 * for patients without one. Each call makes a new user, so tests do not share state.
 */

/** A proxy user for a patient; returns the user id (use it as `as:` with the API harness). */
export async function createProxy(db: pg.Pool, patientId: string, opts: { scopes: string[]; isParent?: boolean; expiresAt?: Date | null }): Promise<string> {
  const userId = await createUser(db, 'proxy', null);
  await db.query(
    `INSERT INTO proxy_grants (proxy_user_id, patient_id, relationship, scopes, is_parent, expires_at) VALUES ($1, $2, 'caregiver', $3, $4, $5)`,
    [userId, patientId, opts.scopes, opts.isParent ?? false, opts.expiresAt ?? null],
  );
  return userId;
}

/** A portal account for a patient who has none (e.g. the adolescent Lena). */
export async function createPatientUser(db: pg.Pool, patientId: string): Promise<string> {
  return createUser(db, 'patient', patientId);
}

async function createUser(db: pg.Pool, role: 'proxy' | 'patient', patientId: string | null): Promise<string> {
  const tag = randomBytes(4).toString('hex');
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO users (clinic_id, email, display_name, role, patient_id, email_verified_at) VALUES ($1, $2, $3, $4, $5, now()) RETURNING id`,
    [CLINIC.id, `${role}-${tag}@test.vitals`, `Test ${role} ${tag}`, role, patientId],
  );
  return rows[0]!.id;
}
