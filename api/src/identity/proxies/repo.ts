import type pg from 'pg';
import { iso, isoOrNull } from '../http/schemas.ts';

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

/** A proxy grant as the patient sees it. */
export interface ProxyGrantView {
  id: string;
  proxy: { id: string; displayName: string; email: string };
  relationship: string;
  scopes: string[];
  isParent: boolean;
  expiresAt: string | null;
  createdAt: string;
  status: 'active' | 'expired' | 'revoked';
}

interface Row {
  id: string;
  proxy_user_id: string;
  display_name: string;
  email: string;
  relationship: string;
  scopes: string[];
  is_parent: boolean;
  expires_at: Date | null;
  revoked_at: Date | null;
  created_at: Date;
}

const SELECT = `SELECT g.id, g.proxy_user_id, u.display_name, u.email, g.relationship, g.scopes, g.is_parent, g.expires_at, g.revoked_at, g.created_at
                  FROM proxy_grants g JOIN users u ON u.id = g.proxy_user_id`;

function view(r: Row, now: Date): ProxyGrantView {
  const status = r.revoked_at ? 'revoked' : r.expires_at && r.expires_at <= now ? 'expired' : 'active';
  return {
    id: r.id,
    proxy: { id: r.proxy_user_id, displayName: r.display_name, email: r.email },
    relationship: r.relationship,
    scopes: r.scopes,
    isParent: r.is_parent,
    expiresAt: isoOrNull(r.expires_at),
    createdAt: iso(r.created_at),
    status,
  };
}

/** An enabled user with the proxy role, by email. */
export async function findProxyUser(db: Queryable, email: string): Promise<{ id: string; email: string } | null> {
  const { rows } = await db.query<{ id: string; email: string }>(`SELECT id, email FROM users WHERE lower(email) = lower($1) AND role = 'proxy' AND disabled_at IS NULL`, [email.trim()]);
  return rows[0] ?? null;
}

/** What a patient grants a proxy. */
export interface GrantInput {
  relationship: string;
  scopes: string[];
  isParent: boolean;
  expiresAt: Date;
}

/**
 * Grant a proxy access. An earlier live grant to the same person is revoked in the same
 * statement batch: the policy reads one grant per proxy and patient, and two would be ambiguous.
 */
export async function replaceGrant(db: Queryable, g: GrantInput & { patientId: string; proxyUserId: string; grantedBy: string; now: Date }): Promise<ProxyGrantView> {
  await db.query('UPDATE proxy_grants SET revoked_at = $3 WHERE patient_id = $1 AND proxy_user_id = $2 AND revoked_at IS NULL', [g.patientId, g.proxyUserId, g.now]);
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO proxy_grants (proxy_user_id, patient_id, relationship, scopes, is_parent, expires_at, granted_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [g.proxyUserId, g.patientId, g.relationship, g.scopes, g.isParent, g.expiresAt, g.grantedBy, g.now],
  );
  return (await findGrant(db, g.patientId, rows[0]!.id, g.now))!;
}

/** One of the patient's grants (any status), or null. */
export async function findGrant(db: Queryable, patientId: string, grantId: string, now: Date): Promise<ProxyGrantView | null> {
  const { rows } = await db.query<Row>(`${SELECT} WHERE g.patient_id = $1 AND g.id = $2`, [patientId, grantId]);
  return rows[0] ? view(rows[0], now) : null;
}

/** The patient's grants, live ones first, then newest first. */
export async function listGrants(db: Queryable, patientId: string, now: Date): Promise<ProxyGrantView[]> {
  const { rows } = await db.query<Row>(`${SELECT} WHERE g.patient_id = $1 ORDER BY g.revoked_at IS NOT NULL, g.created_at DESC`, [patientId]);
  return rows.map((r) => view(r, now));
}

/** Change a live grant; false when the patient has no such live grant. */
export async function updateGrant(db: Queryable, patientId: string, grantId: string, patch: Partial<GrantInput>): Promise<boolean> {
  const r = await db.query(
    `UPDATE proxy_grants SET relationship = COALESCE($3, relationship), scopes = COALESCE($4, scopes), is_parent = COALESCE($5, is_parent), expires_at = COALESCE($6, expires_at)
      WHERE patient_id = $1 AND id = $2 AND revoked_at IS NULL`,
    [patientId, grantId, patch.relationship ?? null, patch.scopes ?? null, patch.isParent ?? null, patch.expiresAt ?? null],
  );
  return r.rowCount === 1;
}

/** Revoke a live grant; false when the patient has no such live grant. */
export async function revokeGrant(db: Queryable, patientId: string, grantId: string, now: Date): Promise<boolean> {
  const r = await db.query('UPDATE proxy_grants SET revoked_at = $3 WHERE patient_id = $1 AND id = $2 AND revoked_at IS NULL', [patientId, grantId, now]);
  return r.rowCount === 1;
}
