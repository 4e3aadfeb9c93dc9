import type pg from 'pg';
import type { Clock } from '../../../common/src/clock.ts';
import { createToken, hashToken } from '../identity/crypto/tokens.ts';
import type { Principal, Role } from './principal.ts';

export interface SessionPolicy {
  idleMinutes: number;
  absoluteHours: number;
}

export interface SessionRow {
  id_hash: string;
  user_id: string;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  mfa_pending: boolean;
  user_agent: string | null;
  ip: string | null;
}

/** Start a session; the returned token goes in the cookie and is never stored (only its hash). */
export async function createSession(
  db: pg.Pool | pg.PoolClient,
  clock: Clock,
  policy: SessionPolicy,
  s: { userId: string; mfaPending: boolean; userAgent?: string | null; ip?: string | null },
): Promise<{ token: string; idHash: string; expiresAt: Date }> {
  const token = createToken('session');
  const idHash = hashToken(token);
  const now = clock.now();
  const expiresAt = new Date(now.getTime() + policy.absoluteHours * 3600_000);
  await db.query(
    `INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, expires_at, mfa_pending, user_agent, ip) VALUES ($1, $2, $3, $3, $4, $5, $6, $7)`,
    [idHash, s.userId, now, expiresAt, s.mfaPending, s.userAgent?.slice(0, 300) ?? null, s.ip ?? null],
  );
  return { token, idHash, expiresAt };
}

/** Only touch last_seen_at once a minute: a write per request would cost more than it tells. */
const TOUCH_EVERY_MS = 60_000;

/**
 * Resolve a session cookie to a principal: not revoked, not past its absolute expiry, not idle
 * for longer than the idle timeout, and its user not disabled.
 */
export async function principalFromSession(db: pg.Pool, clock: Clock, policy: SessionPolicy, token: string): Promise<{ principal: Principal; mfaPending: boolean } | null> {
  const idHash = hashToken(token);
  const now = clock.now();
  const { rows } = await db.query<SessionRow & { role: Role; patient_id: string | null; clinic_id: string | null }>(
    `SELECT s.*, u.role, u.patient_id, u.clinic_id
       FROM sessions s JOIN users u ON u.id = s.user_id
      WHERE s.id_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > $2 AND s.last_seen_at > $3 AND u.disabled_at IS NULL`,
    [idHash, now, new Date(now.getTime() - policy.idleMinutes * 60_000)],
  );
  const row = rows[0];
  if (!row) return null;
  if (now.getTime() - row.last_seen_at.getTime() > TOUCH_EVERY_MS) {
    await db.query('UPDATE sessions SET last_seen_at = $2 WHERE id_hash = $1', [idHash, now]);
  }
  return {
    mfaPending: row.mfa_pending,
    principal: { kind: 'user', userId: row.user_id, role: row.role, clinicId: row.clinic_id, patientId: row.patient_id, via: 'session', sessionId: idHash, scopes: 'all', mfa: !row.mfa_pending },
  };
}

/** Resolve a machine's bearer API token (`vt_…`) to a principal limited to the token's scopes. */
export async function principalFromApiToken(db: pg.Pool, clock: Clock, token: string): Promise<Principal | null> {
  const { rows } = await db.query<{ id: string; user_id: string; scopes: string[]; role: Role; patient_id: string | null; clinic_id: string | null }>(
    `SELECT t.id, t.user_id, t.scopes, u.role, u.patient_id, u.clinic_id
       FROM api_tokens t JOIN users u ON u.id = t.user_id
      WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > $2) AND u.disabled_at IS NULL`,
    [hashToken(token), clock.now()],
  );
  const row = rows[0];
  if (!row) return null;
  await db.query('UPDATE api_tokens SET last_used_at = $2 WHERE id = $1', [row.id, clock.now()]);
  return { kind: 'user', userId: row.user_id, role: row.role, clinicId: row.clinic_id, patientId: row.patient_id, via: 'token', scopes: new Set(row.scopes), mfa: true };
}

export async function revokeSession(db: pg.Pool, idHash: string, userId: string, now: Date): Promise<boolean> {
  const r = await db.query('UPDATE sessions SET revoked_at = $3 WHERE id_hash = $1 AND user_id = $2 AND revoked_at IS NULL', [idHash, userId, now]);
  return (r.rowCount ?? 0) > 0;
}
