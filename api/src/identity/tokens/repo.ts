import type pg from 'pg';
import type { PatientScope } from '../../policy/patient-access.ts';
import { iso, isoOrNull } from '../http/schemas.ts';

/** An API token as its owner sees it: never the token or its hash. */
export interface ApiTokenView {
  id: string;
  name: string;
  scopes: string[];
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
}

interface Row {
  id: string;
  name: string;
  scopes: string[];
  created_at: Date;
  last_used_at: Date | null;
  expires_at: Date | null;
}

const view = (r: Row): ApiTokenView => ({ id: r.id, name: r.name, scopes: r.scopes, createdAt: iso(r.created_at), lastUsedAt: isoOrNull(r.last_used_at), expiresAt: isoOrNull(r.expires_at) });

/** Store a new token by its hash. */
export async function insertApiToken(db: pg.Pool, t: { userId: string; name: string; tokenHash: string; scopes: string[]; now: Date; expiresAt: Date }): Promise<ApiTokenView> {
  const { rows } = await db.query<Row>(
    `INSERT INTO api_tokens (user_id, name, token_hash, scopes, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)
     RETURNING id, name, scopes, created_at, last_used_at, expires_at`,
    [t.userId, t.name, t.tokenHash, t.scopes, t.now, t.expiresAt],
  );
  return view(rows[0]!);
}

/** The user's tokens that still work, newest first. */
export async function listApiTokens(db: pg.Pool, userId: string, now: Date): Promise<ApiTokenView[]> {
  const { rows } = await db.query<Row>(
    `SELECT id, name, scopes, created_at, last_used_at, expires_at FROM api_tokens
      WHERE user_id = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2) ORDER BY created_at DESC`,
    [userId, now],
  );
  return rows.map(view);
}

/** The data scopes of each of a proxy's grants that still work: what their SMART scopes may cover. */
export async function activeProxyGrantScopes(db: pg.Pool, proxyUserId: string, now: Date): Promise<PatientScope[][]> {
  const { rows } = await db.query<{ scopes: PatientScope[] }>(
    'SELECT scopes FROM proxy_grants WHERE proxy_user_id = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)',
    [proxyUserId, now],
  );
  return rows.map((r) => r.scopes);
}

/** Revoke one of the user's tokens; false when there is no such live token of theirs. */
export async function revokeApiToken(db: pg.Pool, userId: string, id: string, now: Date): Promise<boolean> {
  const r = await db.query('UPDATE api_tokens SET revoked_at = $3 WHERE id = $2 AND user_id = $1 AND revoked_at IS NULL', [userId, id, now]);
  return r.rowCount === 1;
}
