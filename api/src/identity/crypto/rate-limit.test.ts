import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LockoutState, TokenBucketState } from './rate-limit.ts';
import {
  DEFAULT_LOCKOUT_POLICY,
  initialLockoutState,
  lockoutStateSchema,
  lockoutStatus,
  recordFailure,
  recordSuccess,
  takeToken,
  tokenBucketStateSchema,
} from './rate-limit.ts';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 0, 1);

/** Applies `count` failures one minute apart from `start`; returns the final state and status. */
function failTimes(state: LockoutState, start: number, count: number, gapMs = MINUTE) {
  let result = { state, status: lockoutStatus(state, start) };
  for (let i = 0; i < count; i++) result = recordFailure(result.state, start + i * gapMs);
  return result;
}

describe('lockout (sliding window)', () => {
  it('allows four failures and locks on the fifth within 15 minutes, for 15 minutes', () => {
    const four = failTimes(initialLockoutState(), T0, 4);
    expect(four.status).toEqual({ locked: false });
    const fifth = recordFailure(four.state, T0 + 4 * MINUTE);
    expect(fifth.status).toEqual({ locked: true, retryAfterMs: 15 * MINUTE });
    expect(lockoutStatus(fifth.state, T0 + 4 * MINUTE + 15 * MINUTE - 1).locked).toBe(true);
    expect(lockoutStatus(fifth.state, T0 + 4 * MINUTE + 15 * MINUTE)).toEqual({ locked: false });
  });

  it('forgets failures that slide out of the window', () => {
    const slow = failTimes(initialLockoutState(), T0, 10, 4 * MINUTE);
    expect(slow.status).toEqual({ locked: false });
    expect(slow.state.failures.length).toBeLessThanOrEqual(4);
  });

  it('ignores failures while locked', () => {
    const locked = failTimes(initialLockoutState(), T0, 5);
    const during = recordFailure(locked.state, T0 + 5 * MINUTE);
    expect(during.state).toBe(locked.state);
    expect(during.status.locked).toBe(true);
  });

  it('doubles each further lockout, up to the maximum', () => {
    let state = initialLockoutState();
    let now = T0;
    const durations: number[] = [];
    for (let i = 0; i < 9; i++) {
      const result = failTimes(state, now, 5, 1_000);
      if (!result.status.locked) throw new Error('expected a lockout');
      durations.push(result.status.retryAfterMs);
      state = result.state;
      now = state.lockedUntil!;
    }
    const base = 15 * MINUTE;
    expect(durations).toEqual([base, 2 * base, 4 * base, 8 * base, 16 * base, 32 * base, 64 * base, 24 * 60 * MINUTE, 24 * 60 * MINUTE]);
  });

  it('starts doubling again after a quiet day', () => {
    const first = failTimes(initialLockoutState(), T0, 5).state;
    const later = first.lockedUntil! + DEFAULT_LOCKOUT_POLICY.levelResetMs;
    const again = failTimes(first, later, 5);
    expect(again.status).toEqual({ locked: true, retryAfterMs: 15 * MINUTE });
  });

  it('forgives failures and doubling after a success', () => {
    const locked = failTimes(initialLockoutState(), T0, 5).state;
    expect(locked.level).toBe(1);
    const fresh = recordSuccess();
    expect(fresh).toEqual(initialLockoutState());
    expect(failTimes(fresh, locked.lockedUntil!, 4).status).toEqual({ locked: false });
    expect(failTimes(fresh, locked.lockedUntil!, 5).status).toEqual({ locked: true, retryAfterMs: 15 * MINUTE });
  });

  it('honours a custom policy', () => {
    const policy = { ...DEFAULT_LOCKOUT_POLICY, maxFailures: 2, baseLockMs: MINUTE };
    const once = recordFailure(initialLockoutState(), T0, policy);
    expect(recordFailure(once.state, T0 + 1, policy).status).toEqual({ locked: true, retryAfterMs: MINUTE });
  });

  it('produces states that round-trip through JSON and the schema (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 30 * MINUTE }), { maxLength: 40 }), (gaps) => {
        let state = initialLockoutState();
        let now = T0;
        for (const gap of gaps) {
          now += gap;
          state = recordFailure(state, now).state;
          expect(state.failures.length).toBeLessThanOrEqual(DEFAULT_LOCKOUT_POLICY.maxFailures);
        }
        expect(lockoutStateSchema.parse(JSON.parse(JSON.stringify(state)))).toEqual(state);
      }),
    );
  });
});

describe('token bucket', () => {
  const policy = { capacity: 3, refillIntervalMs: 10_000 };

  it('allows a burst up to capacity, then refuses with a retry time', () => {
    let state: TokenBucketState | null = null;
    for (let i = 0; i < 3; i++) {
      const decision = takeToken(state, T0, policy);
      expect(decision.allowed).toBe(true);
      state = decision.state;
    }
    expect(takeToken(state, T0, policy)).toMatchObject({ allowed: false, retryAfterMs: 10_000 });
    expect(takeToken(state, T0 + 4_000, policy)).toMatchObject({ allowed: false, retryAfterMs: 6_000 });
    expect(takeToken(state, T0 + 10_000, policy).allowed).toBe(true);
  });

  it('never refills beyond capacity', () => {
    const idle = takeToken({ tokens: 0, updatedAt: T0 }, T0 + 10 * 60_000, policy);
    expect(idle.state.tokens).toBe(2);
  });

  it('does not refill or fail when the clock steps backwards', () => {
    const decision = takeToken({ tokens: 0.5, updatedAt: T0 }, T0 - 60_000, policy);
    expect(decision).toEqual({ allowed: false, state: { tokens: 0.5, updatedAt: T0 }, retryAfterMs: 5_000 });
  });

  it('allows at most capacity plus the refills over any run (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20_000 }), { minLength: 1, maxLength: 60 }), (gaps) => {
        let state: TokenBucketState | null = null;
        let now = T0;
        let allowed = 0;
        for (const gap of gaps) {
          now += gap;
          const decision = takeToken(state, now, policy);
          if (decision.allowed) allowed++;
          state = tokenBucketStateSchema.parse(decision.state);
        }
        expect(allowed).toBeLessThanOrEqual(policy.capacity + Math.floor((now - T0) / policy.refillIntervalMs));
      }),
    );
  });
});
