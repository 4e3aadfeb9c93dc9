/** Reconnect delays: `initialMs × factor^attempt`, capped at `maxMs`, minus up to `jitter` of it. */
export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  factor: number;
  /** 0..1: the share of the delay that is random, so devices dropped together do not retry together. */
  jitter: number;
}

/**
 * The cap is a trade-off: a meter that went to sleep after its transfer only wakes (and accepts a
 * connection) after the next measurement, so attempts should not stop, but a long cap can miss
 * a short advertising window. A minute keeps the radio mostly idle and the miss window short.
 */
export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 1_000, maxMs: 60_000, factor: 2, jitter: 0.3 };

/**
 * The delay before reconnect attempt `attempt` (0 after a good session, n after n failures in a row).
 * @param random - returns 0 ≤ x < 1 (`Math.random` in production, a constant in tests)
 * @example backoffDelay(3, { initialMs: 1000, maxMs: 60000, factor: 2, jitter: 0 }, Math.random) === 8000
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number): number {
  const capped = Math.min(policy.maxMs, policy.initialMs * policy.factor ** Math.max(0, attempt));
  return Math.round(capped * (1 - policy.jitter * random()));
}
