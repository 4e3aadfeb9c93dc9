/**
 * Small building blocks shared by the identity security primitives: hashing, HMAC,
 * constant-time comparison, randomness and secret-length checks. Everything here is a pure
 * function of its arguments (or of the CSPRNG).
 */
import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { WeakSecretError } from './errors.ts';

/** Bytes, or a string taken as its UTF-8 encoding. */
export type BytesLike = string | Uint8Array;

/** Minimum length of any key, pepper or secret: 256 bits, the HMAC-SHA256 output size (RFC 2104 §3). */
export const MIN_SECRET_BYTES = 32;

/** SHA-256 digest of `data`. */
export function sha256(data: BytesLike): Buffer {
  return createHash('sha256').update(data).digest();
}

/** SHA-256 digest of `data` as 64 lowercase hex characters. */
export function sha256Hex(data: BytesLike): string {
  return sha256(data).toString('hex');
}

/** HMAC-SHA256 (RFC 2104) of `data` under `key`. */
export function hmacSha256(key: BytesLike, data: BytesLike): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

/**
 * Compares two values without an early exit at the first differing byte.
 *
 * `crypto.timingSafeEqual` needs equal lengths and throws otherwise, so both sides are first
 * hashed to fixed 32-byte digests: the comparison then takes the same time whatever the
 * inputs, and SHA-256 collision resistance makes digest equality mean input equality.
 *
 * @param a - a value, e.g. the presented code
 * @param b - the value it must equal, e.g. the expected code
 * @returns whether `a` and `b` are byte-for-byte equal
 */
export function constantTimeEqual(a: BytesLike, b: BytesLike): boolean {
  return timingSafeEqual(sha256(a), sha256(b));
}

/** `bytes` random bytes from the CSPRNG, base64url-encoded without padding (RFC 4648 §5). */
export function randomBase64Url(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

/**
 * `length` characters drawn uniformly from `alphabet`. `crypto.randomInt` rejects out-of-range
 * samples internally, so there is no modulo bias towards the first characters.
 */
export function randomFromAlphabet(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/**
 * Refuses keys shorter than {@link MIN_SECRET_BYTES}, so a forgotten or placeholder config value
 * fails at start-up rather than silently weakening every token.
 *
 * @throws WeakSecretError when `secret` is shorter than 32 bytes
 */
export function requireSecret(secret: BytesLike, what: string): void {
  const bytes = typeof secret === 'string' ? Buffer.byteLength(secret, 'utf8') : secret.byteLength;
  if (bytes < MIN_SECRET_BYTES) throw new WeakSecretError(what, bytes);
}
