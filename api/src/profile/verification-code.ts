import { randomInt } from 'node:crypto';
import { constantTimeEqual, sha256Hex } from '../identity/crypto/primitives.ts';

/** How long a code works. Short, because six digits are guessable given time. */
export const CODE_TTL_MINUTES = 15;
/** Wrong guesses allowed before the code stops working (1 in 200,000 odds of a lucky guess). */
export const MAX_ATTEMPTS = 5;

/** A one-time code: six digits, uniformly random (crypto.randomInt has no modulo bias). */
export const newCode = (): string => String(randomInt(0, 1_000_000)).padStart(6, '0');

/**
 * What is stored instead of the code. Salted with the verification's own id, so equal codes of
 * different requests hash differently and a precomputed table of the million codes does not help.
 */
export const hashCode = (verificationId: string, code: string): string => sha256Hex(`${verificationId}:${code}`);

export interface PendingVerification {
  id: string;
  codeHash: string;
  attempts: number;
  expiresAt: Date;
}

export type CodeCheck = 'ok' | 'wrong' | 'expired' | 'too_many_attempts';

/**
 * Judge a presented code. Expiry and the attempt limit are checked first, so a correct code
 * after the limit still fails (the limit is what bounds guessing).
 */
export function checkCode(v: PendingVerification, code: string, now: Date): CodeCheck {
  if (now >= v.expiresAt) return 'expired';
  if (v.attempts >= MAX_ATTEMPTS) return 'too_many_attempts';
  return constantTimeEqual(hashCode(v.id, code), v.codeHash) ? 'ok' : 'wrong';
}
