import type pg from 'pg';
import type { ActivationRecord } from '../crypto/tokens.ts';

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

/** An activation code with what the activating patient must match. */
export interface StoredActivation extends ActivationRecord {
  id: string;
  patientId: string;
  clinicId: string;
  patientName: string;
}

/** The code with this hash, joined to its patient's MRN and birth date (as `YYYY-MM-DD`). */
export async function findActivation(db: Queryable, codeHash: string): Promise<StoredActivation | null> {
  const { rows } = await db.query<StoredActivation>(
    `SELECT a.id, a.patient_id AS "patientId", p.clinic_id AS "clinicId", p.mrn, to_char(p.birth_date, 'YYYY-MM-DD') AS dob,
            a.code_hash AS "codeHash", a.expires_at AS "expiresAt", a.used_at AS "usedAt", p.given_name || ' ' || p.family_name AS "patientName"
       FROM activation_codes a JOIN patients p ON p.id = a.patient_id
      WHERE a.code_hash = $1`,
    [codeHash],
  );
  return rows[0] ?? null;
}

/** Whether the patient already has a portal account. */
export async function patientHasAccount(db: Queryable, patientId: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM users WHERE patient_id = $1 AND role = $2', [patientId, 'patient']);
  return rows.length > 0;
}

/**
 * Store a new code for a patient and retire their earlier unused ones (they expire now), so only
 * the newest letter works.
 */
export async function replaceActivationCode(db: Queryable, a: { patientId: string; codeHash: string; expiresAt: Date; createdBy: string; now: Date }): Promise<void> {
  await db.query('UPDATE activation_codes SET expires_at = $2 WHERE patient_id = $1 AND used_at IS NULL AND expires_at > $2', [a.patientId, a.now]);
  await db.query('INSERT INTO activation_codes (patient_id, code_hash, expires_at, created_by, created_at) VALUES ($1, $2, $3, $4, $5)', [a.patientId, a.codeHash, a.expiresAt, a.createdBy, a.now]);
}

/** Mark a code used; false when a concurrent request used it first. */
export async function consumeActivation(db: Queryable, id: string, now: Date): Promise<boolean> {
  const r = await db.query('UPDATE activation_codes SET used_at = $2 WHERE id = $1 AND used_at IS NULL', [id, now]);
  return r.rowCount === 1;
}

/**
 * Create the patient's user. Returns null when the email is already taken (the unique index is
 * on lower(email)).
 */
export async function insertPatientUser(db: Queryable, u: { clinicId: string; patientId: string; email: string; displayName: string; passwordHash: string; now: Date }): Promise<string | null> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO users (clinic_id, email, display_name, role, patient_id, password_hash, created_at)
     VALUES ($1, $2, $3, 'patient', $4, $5, $6) ON CONFLICT DO NOTHING RETURNING id`,
    [u.clinicId, u.email, u.displayName, u.patientId, u.passwordHash, u.now],
  );
  return rows[0]?.id ?? null;
}
