import type pg from 'pg';
import type { Role } from '../../auth/principal.ts';

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

/** A user row as the identity routes need it. Secrets stay server-side: see {@link userView}. */
export interface UserRow {
  id: string;
  email: string;
  display_name: string;
  role: Role;
  clinic_id: string | null;
  patient_id: string | null;
  password_hash: string | null;
  email_verified_at: Date | null;
  totp_secret: string | null;
  pending_totp_secret: string | null;
  totp_last_step: string | null;
  mfa_enrolled_at: Date | null;
}

const COLUMNS = `id, email, display_name, role, clinic_id, patient_id, password_hash, email_verified_at, totp_secret, pending_totp_secret, totp_last_step, mfa_enrolled_at`;

/** An enabled user by email, case-insensitively (the unique index is on lower(email)). */
export async function findUserByEmail(db: Queryable, email: string): Promise<UserRow | null> {
  const { rows } = await db.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE lower(email) = lower($1) AND disabled_at IS NULL`, [email.trim()]);
  return rows[0] ?? null;
}

/** An enabled user by id. */
export async function findUserById(db: Queryable, id: string): Promise<UserRow | null> {
  const { rows } = await db.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE id = $1 AND disabled_at IS NULL`, [id]);
  return rows[0] ?? null;
}

/** Replace a user's password hash (after a reset, or a rehash with stronger parameters). */
export async function setPasswordHash(db: Queryable, userId: string, hash: string): Promise<void> {
  await db.query('UPDATE users SET password_hash = $2 WHERE id = $1', [userId, hash]);
}

/** Whether the user has a second factor, and whether their role requires one. */
export function mfaState(u: Pick<UserRow, 'role' | 'totp_secret' | 'mfa_enrolled_at'>): { enrolled: boolean; required: boolean } {
  return { enrolled: u.totp_secret !== null && u.mfa_enrolled_at !== null, required: u.role === 'clinician' || u.role === 'admin' };
}

/** What the API shows about a user: no hashes, no secrets. */
export function userView(u: UserRow) {
  return {
    id: u.id,
    email: u.email,
    displayName: u.display_name,
    role: u.role,
    patientId: u.patient_id,
    emailVerified: u.email_verified_at !== null,
    mfaEnabled: mfaState(u).enrolled,
  };
}
