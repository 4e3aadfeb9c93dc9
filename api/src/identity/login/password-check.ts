import { UnauthenticatedError } from '../../../../common/src/errors/index.ts';
import { dummyVerify, hashPassword, needsRehash, verifyPassword } from '../crypto/password.ts';
import type { IdentityDeps } from '../identity-deps.ts';
import { refuseWhileLocked, throttleKey, type Throttle } from '../throttle/throttle.ts';
import { findUserByEmail, setPasswordHash, type UserRow } from '../users/repo.ts';

/** The one answer for an unknown email and a wrong password, so neither reveals which addresses have accounts. */
export const WRONG_CREDENTIALS = 'the email address or password is not right';
export const ACCOUNT_LOCKED = 'too many failed sign-in attempts for this account; try again later or reset your password';

/** The lockout key shared by password, TOTP and recovery-code attempts on one account. */
export const accountKey = (email: string) => throttleKey('login-account', email);

/**
 * Check an email and password. An unknown email costs the same argon2id verification as a known
 * one (dummyVerify) and counts towards the same per-email lockout, so neither the answer, its
 * timing nor the lockout tells whether an account exists. Failures are not reset here: a session
 * that still owes its second factor is not a successful sign-in, or an attacker holding the
 * password could alternate it with TOTP guesses and never be locked out.
 *
 * @throws RateLimitedError while the account is locked (nothing is verified then)
 * @throws UnauthenticatedError for an unknown email or a wrong password
 */
export async function checkPassword(deps: Pick<IdentityDeps, 'db'>, throttle: Throttle, email: string, password: string): Promise<UserRow> {
  const key = accountKey(email);
  await refuseWhileLocked(throttle, key, ACCOUNT_LOCKED);
  const user = await findUserByEmail(deps.db, email);
  const ok = user?.password_hash ? await verifyPassword(user.password_hash, password) : await dummyVerify(password);
  if (!user || !ok) {
    await throttle.fail(key);
    throw new UnauthenticatedError(WRONG_CREDENTIALS);
  }
  // Parameters raised since this hash was made: store a fresh one while the password is at hand.
  if (needsRehash(user.password_hash!)) await setPasswordHash(deps.db, user.id, await hashPassword(password));
  return user;
}
