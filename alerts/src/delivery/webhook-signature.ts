import { createHmac, timingSafeEqual } from 'node:crypto';

/** Unix time in seconds when the delivery was signed. */
export const TIMESTAMP_HEADER = 'x-vitals-timestamp';
/** `sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">` with the endpoint's secret. */
export const SIGNATURE_HEADER = 'x-vitals-signature';
/** Receivers should refuse deliveries signed longer ago than this, so a captured one cannot be replayed later. */
export const DEFAULT_TOLERANCE_S = 300;

/**
 * The signature of one delivery. The timestamp is inside the signed text, so it cannot be changed
 * to make an old delivery look fresh.
 *
 * @example signWebhook(secret, 1767225600, '{"id":"…"}') // 'sha256=5f2c…'
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * What a receiver does (docs/alert-rules.md shows it in other languages): recompute the signature
 * over the raw body, compare in constant time, and check the timestamp is recent.
 */
export function verifyWebhook(secret: string, headers: { timestamp: string | null; signature: string | null }, body: string, now: Date, toleranceS = DEFAULT_TOLERANCE_S): boolean {
  const ts = Number(headers.timestamp);
  if (!headers.signature || !Number.isInteger(ts) || Math.abs(now.getTime() / 1000 - ts) > toleranceS) return false;
  const expected = Buffer.from(signWebhook(secret, ts, body));
  const given = Buffer.from(headers.signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
