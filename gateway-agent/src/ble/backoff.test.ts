import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_BACKOFF } from './backoff.ts';

describe('backoffDelay', () => {
  const policy = { initialMs: 1_000, maxMs: 60_000, factor: 2, jitter: 0 };

  it('doubles per failure and stops at the cap', () => {
    expect([0, 1, 2, 3, 5, 6, 7, 50].map((n) => backoffDelay(n, policy, () => 0))).toEqual([1_000, 2_000, 4_000, 8_000, 32_000, 60_000, 60_000, 60_000]);
  });

  it('never overflows for very long outages', () => {
    expect(backoffDelay(5_000, policy, () => 0)).toBe(60_000);
  });

  it('takes up to `jitter` of the delay off at random, never adding to it', () => {
    const jittery = { ...policy, jitter: 0.3 };
    expect(backoffDelay(2, jittery, () => 0)).toBe(4_000);
    expect(backoffDelay(2, jittery, () => 0.5)).toBe(3_400);
    expect(backoffDelay(2, jittery, () => 0.999_999)).toBe(2_800);
  });

  it('has production defaults that start at a second and cap at a minute', () => {
    expect(backoffDelay(0, DEFAULT_BACKOFF, () => 0)).toBe(1_000);
    expect(backoffDelay(99, DEFAULT_BACKOFF, () => 0)).toBe(60_000);
  });
});
