import type pg from 'pg';
import { iso } from '../http/schemas.ts';

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

/** A session as its owner sees it in the list: the public id, never the cookie or its hash. */
export interface SessionListItem {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  userAgent: string | null;
  ip: string | null;
  current: boolean;
}

/** The user's live sessions (not revoked, not past either timeout), newest first. */
export async function listSessions(db: Queryable, userId: string, now: Date, idleMinutes: number, currentIdHash: string | undefined): Promise<SessionListItem[]> {
  const { rows } = await db.query<Omit<SessionListItem, 'createdAt' | 'lastSeenAt' | 'expiresAt'> & { createdAt: Date; lastSeenAt: Date; expiresAt: Date }>(
    `SELECT id, created_at AS "createdAt", last_seen_at AS "lastSeenAt", expires_at AS "expiresAt", user_agent AS "userAgent", ip,
            id_hash = $4 AS current
       FROM sessions
      WHERE user_id = $1 AND revoked_at IS NULL AND NOT mfa_pending AND expires_at > $2 AND last_seen_at > $3
      ORDER BY created_at DESC`,
    [userId, now, new Date(now.getTime() - idleMinutes * 60_000), currentIdHash ?? ''],
  );
  return rows.map((r) => ({ ...r, createdAt: iso(r.createdAt), lastSeenAt: iso(r.lastSeenAt), expiresAt: iso(r.expiresAt) }));
}

/** Revoke one of the user's sessions by its public id; returns the revoked session's id hash, or null. */
export async function revokeSessionById(db: Queryable, userId: string, id: string, now: Date): Promise<string | null> {
  const { rows } = await db.query<{ id_hash: string }>('UPDATE sessions SET revoked_at = $3 WHERE id = $2 AND user_id = $1 AND revoked_at IS NULL RETURNING id_hash', [userId, id, now]);
  return rows[0]?.id_hash ?? null;
}

/** Revoke a session by its id hash, whoever owns it (logout, and the pending session after MFA). */
export async function revokeSessionByHash(db: Queryable, idHash: string, now: Date): Promise<void> {
  await db.query('UPDATE sessions SET revoked_at = $2 WHERE id_hash = $1 AND revoked_at IS NULL', [idHash, now]);
}

/** Sign a user out everywhere (after a password reset). */
export async function revokeAllSessions(db: Queryable, userId: string, now: Date): Promise<number> {
  const r = await db.query('UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL', [userId, now]);
  return r.rowCount ?? 0;
}

/** The user of a live session by id hash (authenticate already checked its timeouts). */
export async function sessionUserId(db: Queryable, idHash: string): Promise<string | null> {
  const { rows } = await db.query<{ user_id: string }>('SELECT user_id FROM sessions WHERE id_hash = $1 AND revoked_at IS NULL', [idHash]);
  return rows[0]?.user_id ?? null;
}
