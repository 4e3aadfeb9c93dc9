import { createHash, timingSafeEqual } from 'node:crypto';
import type pg from 'pg';

export const hashToken = (token: string | Buffer): Buffer => createHash('sha256').update(token).digest();

/** Compared against when the gateway is unknown, so both paths take the same time. */
const DUMMY = hashToken('no-such-gateway');

export type GatewayAuthResult = { ok: true } | { ok: false; reason: 'unknown' | 'bad_token' | 'revoked' };

/**
 * Check a gateway's id and token against the stored SHA-256 (tokens are random 256-bit secrets,
 * so a slow hash adds nothing). Constant-time comparison; same work for unknown ids.
 */
export async function authenticateGateway(db: pg.Pool, gatewayId: string, token: Buffer): Promise<GatewayAuthResult> {
  const { rows } = await db.query<{ token_hash: string; revoked_at: Date | null }>('SELECT token_hash, revoked_at FROM gateways WHERE id = $1', [gatewayId]);
  const row = rows[0];
  const stored = row ? Buffer.from(row.token_hash, 'hex') : DUMMY;
  const match = stored.length === 32 && timingSafeEqual(stored, hashToken(token));
  if (!row) return { ok: false, reason: 'unknown' };
  if (!match) return { ok: false, reason: 'bad_token' };
  if (row.revoked_at) return { ok: false, reason: 'revoked' };
  return { ok: true };
}
