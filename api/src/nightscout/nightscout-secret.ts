/**
 * Nightscout credentials. A Nightscout client is configured with a secret and sends it as
 * `api-secret: <SHA-1 hex of the secret>` (uploaders: xDrip+, Loop, AndroidAPS) or as
 * `?token=<secret>` (follower apps). The server keeps SHA-256 of that SHA-1 hex, so it can look a
 * credential up from either form and a leaked table gives away neither the secret nor a header
 * value that would work. The secret has 256 random bits, so unsalted hashes are enough
 * (identity/crypto/tokens.ts explains why).
 */
import { createHash } from 'node:crypto';
import { randomBase64Url, sha256Hex } from '../identity/crypto/primitives.ts';

/** Prefix that lets people and secret scanners recognise a leaked Nightscout secret. */
export const NIGHTSCOUT_SECRET_PREFIX = 'vtns_';

/** A new secret: the prefix and 32 random bytes (48 characters; Nightscout asks for at least 12). */
export function createNightscoutSecret(): string {
  return NIGHTSCOUT_SECRET_PREFIX + randomBase64Url(32);
}

/** What a client puts in the `api-secret` header for a secret. */
export function apiSecretHeaderValue(secret: string): string {
  return createHash('sha1').update(secret, 'utf8').digest('hex');
}

const SHA1_HEX = /^[0-9a-fA-F]{40}$/;

/**
 * The stored hash for what a client sent: the `api-secret` header (SHA-1 hex; a client that sends
 * the plain secret there is accepted too) or the `token` query parameter (the plain secret).
 */
export function credentialHash(presented: { apiSecret?: string | undefined; token?: string | undefined }): string | null {
  if (presented.apiSecret) {
    const v = presented.apiSecret.trim();
    return sha256Hex(SHA1_HEX.test(v) ? v.toLowerCase() : apiSecretHeaderValue(v));
  }
  if (presented.token) return sha256Hex(apiSecretHeaderValue(presented.token));
  return null;
}
