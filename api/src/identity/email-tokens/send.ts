import type pg from 'pg';
import { deliver } from '../mail/deliver.ts';
import { passwordResetMessage, verifyEmailMessage } from '../mail/messages.ts';
import type { IdentityDeps } from '../identity-deps.ts';
import { issueEmailToken } from './repo.ts';

/** How long an email verification link works. */
export const VERIFY_EMAIL_HOURS = 24;
/** How long a password reset link works: short, since it is as good as the password. */
export const RESET_PASSWORD_MINUTES = 60;

type Deps = Pick<IdentityDeps, 'clock' | 'mailer' | 'logger' | 'publicUrl'> & { db: pg.Pool | pg.PoolClient };

/** Issue a verification token and email its link to the account's address. */
export async function sendEmailVerification(deps: Deps, user: { id: string; email: string }): Promise<void> {
  const token = await issueEmailToken(deps.db, user.id, 'verify_email', VERIFY_EMAIL_HOURS * 3_600_000, deps.clock.now());
  await deliver(deps, verifyEmailMessage(user.email, deps.publicUrl, token, VERIFY_EMAIL_HOURS));
}

/** Issue a reset token and email its link to the account's address. */
export async function sendPasswordReset(deps: Deps, user: { id: string; email: string }): Promise<void> {
  const token = await issueEmailToken(deps.db, user.id, 'reset_password', RESET_PASSWORD_MINUTES * 60_000, deps.clock.now());
  await deliver(deps, passwordResetMessage(user.email, deps.publicUrl, token, RESET_PASSWORD_MINUTES));
}
