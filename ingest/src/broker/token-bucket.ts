/** Token-bucket state for one publisher; pure, so it is easy to test and to keep per gateway. */
export interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Take one token. Returns the new bucket and how long the caller must wait before the publish may
 * proceed (0 when a token was available). Waiting instead of refusing turns a burst into
 * backpressure: the gateway's unacknowledged window fills and it slows down; nothing is lost.
 */
export function takeToken(b: Bucket | undefined, now: number, ratePerS: number, burst: number): { bucket: Bucket; waitMs: number } {
  const prev = b ?? { tokens: burst, at: now };
  const tokens = Math.min(burst, prev.tokens + ((now - prev.at) / 1000) * ratePerS);
  if (tokens >= 1) return { bucket: { tokens: tokens - 1, at: now }, waitMs: 0 };
  const waitMs = Math.ceil(((1 - tokens) / ratePerS) * 1000);
  // the token is spent now; it refills during the wait
  return { bucket: { tokens: tokens - 1, at: now }, waitMs };
}
