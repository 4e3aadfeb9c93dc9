/**
 * Pure rate-limit arithmetic for login and activation: functions from (state, now, policy) to a
 * decision and the next state. They hold no state and read no clock, so the state can live in
 * Redis or PostgreSQL (read, decide, write back in one transaction or Lua script) and every API
 * replica decides the same way. The zod schemas validate states read back from storage and
 * policies read from config.
 *
 * Two tools, for two questions:
 * - a sliding-window lockout per account (and per activation MRN): "5 failures within 15 minutes
 *   lock the account for 15 minutes, doubling with each further lockout". Key it by account,
 *   not by IP, so that rotating addresses does not help a guesser.
 * - a token bucket per client IP: a steady rate with bursts, to slow one client spraying many
 *   accounts, which per-account lockout cannot see.
 * A lockout lets anyone lock a victim out by failing on purpose; keep lockouts short, let the
 * password-reset flow work while locked, and rely on the IP bucket to throttle the attacker.
 */
import { z } from 'zod';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Highest doubling level kept, so the state stays small; `maxLockMs` caps the duration anyway. */
const MAX_LEVEL = 30;

const positiveMs = z.number().int().positive();
const epochMs = z.number().int().nonnegative();

/** How many failures lock an account, and for how long. */
export const lockoutPolicySchema = z.object({
  /** Failures within `windowMs` that lock the account. */
  maxFailures: z.number().int().positive(),
  /** Length of the sliding window in which failures are counted. */
  windowMs: positiveMs,
  /** Length of the first lockout; each further one doubles it. */
  baseLockMs: positiveMs,
  /** Longest lockout. */
  maxLockMs: positiveMs,
  /** Quiet time after a lockout ends before the doubling starts again from `baseLockMs`. */
  levelResetMs: positiveMs,
});
export type LockoutPolicy = z.infer<typeof lockoutPolicySchema>;

/** 5 failures in 15 minutes lock for 15 minutes, then 30, 60, … up to 24 hours; forgiven after a quiet day. */
export const DEFAULT_LOCKOUT_POLICY: Readonly<LockoutPolicy> = Object.freeze({
  maxFailures: 5,
  windowMs: 15 * MINUTE,
  baseLockMs: 15 * MINUTE,
  maxLockMs: 24 * HOUR,
  levelResetMs: 24 * HOUR,
});

/** Lockout state of one key (an account or an MRN), as stored. */
export const lockoutStateSchema = z.object({
  /** Times (epoch ms) of the latest failures inside the window, oldest first; at most `maxFailures`. */
  failures: z.array(epochMs),
  /** End of the latest lockout (epoch ms), kept after it ends to decide when doubling resets. */
  lockedUntil: epochMs.nullable(),
  /** Lockouts so far; the next lasts `baseLockMs * 2^level`. */
  level: z.number().int().min(0).max(MAX_LEVEL),
});
export type LockoutState = z.infer<typeof lockoutStateSchema>;

/** Whether attempts are refused now, and for how long. */
export type LockoutStatus = { locked: false } | { locked: true; retryAfterMs: number };

/** State of a key with no history, also the state after a successful login. */
export function initialLockoutState(): LockoutState {
  return { failures: [], lockedUntil: null, level: 0 };
}

/**
 * Whether the key is locked at `now`. Check this before verifying a password, and do not verify
 * at all while locked, so guesses during a lockout learn nothing.
 */
export function lockoutStatus(state: LockoutState, now: number): LockoutStatus {
  return state.lockedUntil !== null && now < state.lockedUntil ? { locked: true, retryAfterMs: state.lockedUntil - now } : { locked: false };
}

/**
 * Records a failed attempt. The attempt that reaches `maxFailures` within the window starts a
 * lockout of `baseLockMs * 2^level` (at most `maxLockMs`). Failures while locked change nothing:
 * they should not have been checked.
 *
 * @returns the state to store, and the status after this failure
 */
export function recordFailure(
  state: LockoutState,
  now: number,
  policy: LockoutPolicy = DEFAULT_LOCKOUT_POLICY,
): { state: LockoutState; status: LockoutStatus } {
  const current = lockoutStatus(state, now);
  if (current.locked) return { state, status: current };

  const forgiven = state.lockedUntil !== null && now - state.lockedUntil >= policy.levelResetMs;
  const level = forgiven ? 0 : state.level;
  const failures = [...state.failures, now].filter((at) => now - at < policy.windowMs).slice(-policy.maxFailures);
  if (failures.length < policy.maxFailures) {
    return { state: { failures, lockedUntil: state.lockedUntil, level }, status: { locked: false } };
  }
  const duration = Math.min(policy.baseLockMs * 2 ** level, policy.maxLockMs);
  return {
    state: { failures: [], lockedUntil: now + duration, level: Math.min(level + 1, MAX_LEVEL) },
    status: { locked: true, retryAfterMs: duration },
  };
}

/** Records a successful login: failures and doubling are forgiven. */
export function recordSuccess(): LockoutState {
  return initialLockoutState();
}

// ---------------------------------------------------------------------------------------------
// Token bucket

/** A bucket of `capacity` tokens, refilled by one token every `refillIntervalMs`. */
export const tokenBucketPolicySchema = z.object({
  capacity: z.number().int().positive(),
  refillIntervalMs: positiveMs,
});
export type TokenBucketPolicy = z.infer<typeof tokenBucketPolicySchema>;

/** Per-IP login attempts: bursts of 20, then one every 6 seconds (600 an hour). */
export const DEFAULT_LOGIN_IP_BUCKET: Readonly<TokenBucketPolicy> = Object.freeze({ capacity: 20, refillIntervalMs: 6_000 });

/** Per-IP activation attempts: bursts of 5, then one every 6 minutes (10 an hour); activations are rare. */
export const DEFAULT_ACTIVATION_IP_BUCKET: Readonly<TokenBucketPolicy> = Object.freeze({ capacity: 5, refillIntervalMs: 6 * MINUTE });

/** Token bucket state of one key, as stored. Tokens may be fractional between refills. */
export const tokenBucketStateSchema = z.object({
  tokens: z.number().min(0),
  updatedAt: epochMs,
});
export type TokenBucketState = z.infer<typeof tokenBucketStateSchema>;

/** The outcome of {@link takeToken}: whether to allow the request, the state to store, and when to retry. */
export interface TokenBucketDecision {
  allowed: boolean;
  state: TokenBucketState;
  /** 0 when allowed; otherwise the wait until one token is available (for `Retry-After`). */
  retryAfterMs: number;
}

/**
 * Refills the bucket for the time since it was last used, then takes one token if there is one.
 * A clock that steps backwards (another replica slightly behind) refills nothing rather than
 * draining the bucket.
 *
 * @param state - the stored state, or `null` for a key not seen yet (a full bucket)
 */
export function takeToken(state: TokenBucketState | null, now: number, policy: TokenBucketPolicy): TokenBucketDecision {
  const previous = state ?? { tokens: policy.capacity, updatedAt: now };
  const elapsed = Math.max(0, now - previous.updatedAt);
  const tokens = Math.min(policy.capacity, previous.tokens + elapsed / policy.refillIntervalMs);
  const updatedAt = Math.max(now, previous.updatedAt);
  if (tokens >= 1) return { allowed: true, state: { tokens: tokens - 1, updatedAt }, retryAfterMs: 0 };
  return { allowed: false, state: { tokens, updatedAt }, retryAfterMs: Math.ceil((1 - tokens) * policy.refillIntervalMs) };
}
