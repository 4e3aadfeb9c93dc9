import type pg from 'pg';
import { sha256Hex } from '../identity/crypto/primitives.ts';
import { inTransaction } from '../identity/transaction.ts';
import { UnprocessableError } from '../portal-records/errors.ts';

/** The response a keyed request produced, kept for its retries. */
export interface StoredResponse<T> {
  status: number;
  body: T;
}

/**
 * A fingerprint of what a request asks for: SHA-256 of its canonical JSON (object keys sorted),
 * so the same request hashes the same however its JSON was ordered.
 */
export function requestFingerprint(request: unknown): string {
  return sha256Hex(canonicalJson(request));
}

/** JSON with object keys sorted at every level (undefined members dropped, as JSON.stringify does). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Run `work` at most once per (owner, key), after draft-ietf-httpapi-idempotency-key-header:
 * the first request claims the key and stores its response with it; a retry with the same
 * fingerprint gets that response back (`replayed`), one with another fingerprint a 422.
 *
 * The key row is inserted first and filled in the same transaction as the work, so a concurrent
 * duplicate blocks on the key's unique index until the first commits (then replays its answer) or
 * rolls back (then does the work itself). A failed `work` stores nothing: the key stays free.
 *
 * @param work - runs inside the transaction; it must use `tx` for every write it makes
 * @throws UnprocessableError when the key was used for a different request
 */
export async function runIdempotent<T>(
  db: pg.Pool,
  claim: { owner: string; key: string; fingerprint: string; now: Date },
  work: (tx: pg.PoolClient) => Promise<StoredResponse<T>>,
): Promise<StoredResponse<T> & { replayed: boolean }> {
  return inTransaction(db, async (tx) => {
    const claimed = await tx.query(
      'INSERT INTO idempotency_keys (owner, key, request_hash, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (owner, key) DO NOTHING',
      [claim.owner, claim.key, claim.fingerprint, claim.now],
    );
    if (!claimed.rowCount) {
      const { rows } = await tx.query<{ request_hash: string; response_status: number; response_body: T }>(
        'SELECT request_hash, response_status, response_body FROM idempotency_keys WHERE owner = $1 AND key = $2',
        [claim.owner, claim.key],
      );
      const stored = rows[0]!;
      if (stored.request_hash !== claim.fingerprint) {
        throw new UnprocessableError('this Idempotency-Key was already used for a different request; use a new key for a new request', { type: 'idempotency-key-reused' });
      }
      return { status: stored.response_status, body: stored.response_body, replayed: true };
    }
    const response = await work(tx);
    await tx.query('UPDATE idempotency_keys SET response_status = $3, response_body = $4 WHERE owner = $1 AND key = $2', [claim.owner, claim.key, response.status, JSON.stringify(response.body)]);
    return { ...response, replayed: false };
  });
}
