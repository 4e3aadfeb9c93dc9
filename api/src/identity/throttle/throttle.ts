import type pg from 'pg';
import type { z } from 'zod';
import type { Clock } from '../../../../common/src/clock.ts';
import { RateLimitedError } from '../../../../common/src/errors/index.ts';
import { sha256Hex } from '../crypto/primitives.ts';
import { inTransaction } from '../transaction.ts';
import {
  DEFAULT_LOCKOUT_POLICY,
  initialLockoutState,
  lockoutStateSchema,
  lockoutStatus,
  recordFailure,
  takeToken,
  tokenBucketStateSchema,
  type LockoutPolicy,
  type LockoutStatus,
  type TokenBucketPolicy,
} from '../crypto/rate-limit.ts';

/** What a throttle key counts. Values (emails, MRNs, addresses) are hashed into the key. */
export type ThrottleKind = 'login-account' | 'login-client' | 'activation-mrn' | 'activation-client' | 'reset-client';

/**
 * The stored key for a kind and value. Hashed so the table holds no email addresses, MRNs or
 * client addresses in the clear; case is folded first so `Ann@x` and `ann@x` share a lockout.
 */
export function throttleKey(kind: ThrottleKind, value: string): string {
  return `${kind}:${sha256Hex(value.trim().toLowerCase()).slice(0, 40)}`;
}

/** Lockouts (per account, per MRN) and token buckets (per client) kept in `login_throttle`. */
export interface Throttle {
  /**
   * Take one token from a bucket.
   * @throws RateLimitedError with Retry-After when the bucket is empty
   */
  takeToken(key: string, policy: TokenBucketPolicy, message: string): Promise<void>;
  /** Whether attempts for the key are refused now; check before verifying anything. */
  status(key: string): Promise<LockoutStatus>;
  /** Count a failure; returns the status after it (locked once the policy's limit is reached). */
  fail(key: string): Promise<LockoutStatus>;
  /** Forget the key's failures after a success. */
  reset(key: string): Promise<void>;
}

/**
 * A throttle whose read-decide-write runs in one transaction with the row locked, so API replicas
 * racing on one key agree (the pure rules are in crypto/rate-limit.ts).
 *
 * @param lockout - the lockout policy; default 5 failures in 15 minutes locks for 15 minutes, doubling
 */
export function createThrottle(deps: { db: pg.Pool; clock: Clock; lockout?: LockoutPolicy }): Throttle {
  const policy = deps.lockout ?? DEFAULT_LOCKOUT_POLICY;

  async function update<S extends z.ZodType, R>(key: string, schema: S, decide: (state: z.infer<S> | null, now: number) => { state: z.infer<S>; result: R }): Promise<R> {
    return inTransaction(deps.db, async (client) => {
      const now = deps.clock.now();
      await client.query(`INSERT INTO login_throttle (key, state, updated_at) VALUES ($1, 'null', $2) ON CONFLICT (key) DO NOTHING`, [key, now]);
      const { rows } = await client.query<{ state: unknown }>('SELECT state FROM login_throttle WHERE key = $1 FOR UPDATE', [key]);
      // A row written by an older release (or by hand) that no longer parses starts afresh.
      const parsed = schema.safeParse(rows[0]?.state);
      const { state, result } = decide(parsed.success ? parsed.data : null, now.getTime());
      await client.query('UPDATE login_throttle SET state = $2, updated_at = $3 WHERE key = $1', [key, JSON.stringify(state), now]);
      return result;
    });
  }

  return {
    async takeToken(key, bucket, message) {
      const d = await update(key, tokenBucketStateSchema, (state, now) => {
        const decision = takeToken(state, now, bucket);
        return { state: decision.state, result: decision };
      });
      if (!d.allowed) throw new RateLimitedError(message, Math.ceil(d.retryAfterMs / 1000));
    },
    async status(key) {
      const { rows } = await deps.db.query<{ state: unknown }>('SELECT state FROM login_throttle WHERE key = $1', [key]);
      const parsed = lockoutStateSchema.safeParse(rows[0]?.state);
      return lockoutStatus(parsed.success ? parsed.data : initialLockoutState(), deps.clock.now().getTime());
    },
    fail(key) {
      return update(key, lockoutStateSchema, (state, now) => {
        const r = recordFailure(state ?? initialLockoutState(), now, policy);
        return { state: r.state, result: r.status };
      });
    },
    async reset(key) {
      await deps.db.query('DELETE FROM login_throttle WHERE key = $1', [key]);
    },
  };
}

/**
 * Refuse an attempt while its key is locked.
 * @throws RateLimitedError with the remaining lock time
 */
export async function refuseWhileLocked(throttle: Throttle, key: string, message: string): Promise<void> {
  const s = await throttle.status(key);
  if (s.locked) throw new RateLimitedError(message, Math.ceil(s.retryAfterMs / 1000));
}
