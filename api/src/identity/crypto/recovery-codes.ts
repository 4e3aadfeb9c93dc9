/**
 * MFA recovery codes: one-time codes a user keeps on paper for when the authenticator is lost.
 *
 * Each code is 12 Crockford base32 characters, `xxxx-xxxx-xxxx`: 60 random bits. Storage is
 * HMAC-SHA256 under a server-side pepper, not argon2: a slow hash protects low-entropy secrets
 * that people choose, but 2^60 random candidates cannot be searched offline even with a fast
 * hash, and the pepper (kept in config, not the database) means a database dump alone gives no
 * way to test guesses at all. A fast, deterministic hash also lets one login check all ten
 * stored codes without ten argon2 runs. Online guessing is bounded by the login rate limit.
 */
import { CodeFormatError } from './errors.ts';
import { BITS_PER_CODE_CHAR, formatCode, normaliseCode, randomCode } from './human-code.ts';
import type { BytesLike } from './primitives.ts';
import { constantTimeEqual, hmacSha256, requireSecret } from './primitives.ts';

/** Characters in one recovery code, excluding dashes. */
export const RECOVERY_CODE_LENGTH = 12;

/** Entropy of one recovery code: 60 bits. */
export const RECOVERY_CODE_BITS = RECOVERY_CODE_LENGTH * BITS_PER_CODE_CHAR;

/** How many codes a user gets by default. */
export const DEFAULT_RECOVERY_CODE_COUNT = 10;

/** Domain separation, so the pepper's HMAC of a code can never equal its HMAC for another purpose. */
const HMAC_LABEL = 'vitals:recovery-code:v1\0';

/**
 * New recovery codes for display, lower case in groups of four (`7k3m-9qx2-ab4d`).
 * Show them once; store only {@link hashRecoveryCode} of each.
 *
 * @param count - how many; default 10
 */
export function generateRecoveryCodes(count: number = DEFAULT_RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => formatCode(randomCode(RECOVERY_CODE_LENGTH), 4).toLowerCase());
}

function hashCanonical(canonical: string, pepper: BytesLike): string {
  return hmacSha256(pepper, HMAC_LABEL + canonical).toString('hex');
}

/**
 * The value to store for a recovery code: hex HMAC-SHA256 of its canonical form under `pepper`.
 *
 * @param code - a code as generated or as typed (case, dashes and spaces do not matter)
 * @param pepper - server secret of at least 32 bytes, from config
 * @throws WeakSecretError when the pepper is shorter than 32 bytes
 * @throws CodeFormatError when `code` is not a well-formed recovery code
 */
export function hashRecoveryCode(code: string, pepper: BytesLike): string {
  requireSecret(pepper, 'recovery code pepper');
  const canonical = normaliseCode(code);
  if (canonical?.length !== RECOVERY_CODE_LENGTH) throw new CodeFormatError('not a well-formed recovery code');
  return hashCanonical(canonical, pepper);
}

/**
 * Finds which stored code the user typed.
 *
 * Input is normalised (case, dashes, spaces, look-alike letters). Each stored hash is compared in
 * constant time, and all of them are compared even after a match, so timing reveals neither
 * whether nor where the code matched. Single use is the caller's job: delete the matched hash in
 * the same transaction that signs the user in.
 *
 * @param storedHashes - the user's remaining hashes from {@link hashRecoveryCode}
 * @param input - what the user typed
 * @param pepper - the pepper the hashes were made with
 * @returns the index of the matching hash, or `null`
 * @throws WeakSecretError when the pepper is shorter than 32 bytes
 */
export function consumeRecoveryCode(storedHashes: readonly string[], input: string, pepper: BytesLike): number | null {
  requireSecret(pepper, 'recovery code pepper');
  const canonical = normaliseCode(input);
  if (canonical?.length !== RECOVERY_CODE_LENGTH) return null;
  const presented = hashCanonical(canonical, pepper);
  let found: number | null = null;
  storedHashes.forEach((stored, index) => {
    if (constantTimeEqual(presented, stored) && found === null) found = index;
  });
  return found;
}
