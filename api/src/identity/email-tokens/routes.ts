import { createRoute, z } from '@hono/zod-openapi';
import { ValidationError } from '../../../../common/src/errors/index.ts';
import { auditEvent } from '../../audit/audit-event.ts';
import { requireUser, userOf } from '../../auth/require.ts';
import { createRouter } from '../../http/openapi-app.ts';
import { hashPassword } from '../crypto/password.ts';
import { clientAddress } from '../http/client-address.ts';
import { Email, EmailTokenInput, PasswordInput, accepted, jsonBody, noContent } from '../http/schemas.ts';
import type { IdentityDeps } from '../identity-deps.ts';
import { accountKey } from '../login/password-check.ts';
import { deliver } from '../mail/deliver.ts';
import { passwordChangedMessage } from '../mail/messages.ts';
import { revokeAllSessions } from '../sessions/repo.ts';
import { inTransaction } from '../transaction.ts';
import { throttleKey, type Throttle } from '../throttle/throttle.ts';
import { assertAcceptablePassword } from '../users/password-policy.ts';
import { findUserByEmail, findUserById, setPasswordHash } from '../users/repo.ts';
import { consumeEmailToken, markEmailVerified } from './repo.ts';
import { sendEmailVerification, sendPasswordReset } from './send.ts';

/** Reset emails per client address: enough for typos, too few to flood someone's inbox. */
const RESET_REQUEST_BUCKET = Object.freeze({ capacity: 5, refillIntervalMs: 60_000 });

const LINK_NOT_VALID = 'this link is not valid any more: it was used, has expired or was replaced by a newer one';

const verifyEmail = createRoute({
  method: 'post',
  path: '/v1/auth/verify-email',
  tags: ['identity'],
  summary: 'Confirm my email address with the token from the emailed link',
  request: { body: jsonBody(z.object({ token: EmailTokenInput })) },
  responses: { 204: noContent },
});

const resendVerification = createRoute({
  method: 'post',
  path: '/v1/auth/verify-email/resend',
  tags: ['identity'],
  summary: 'Email me a new verification link',
  middleware: [requireUser()] as const,
  responses: { 202: accepted },
});

const resetRequest = createRoute({
  method: 'post',
  path: '/v1/auth/password-reset/request',
  tags: ['identity'],
  summary: 'Email a password reset link',
  description: 'Always 202, whether or not the address has an account, so the answer tells nothing about who has one.',
  request: { body: jsonBody(z.object({ email: Email })) },
  responses: { 202: accepted },
});

const resetConfirm = createRoute({
  method: 'post',
  path: '/v1/auth/password-reset/confirm',
  tags: ['identity'],
  summary: 'Choose a new password with the token from the reset link',
  description: 'Signs the account out everywhere and lifts a sign-in lockout. A password the policy refuses leaves the link usable.',
  request: { body: jsonBody(z.object({ token: EmailTokenInput, password: PasswordInput })) },
  responses: { 204: noContent },
});

/** Email verification and password reset, both through one-shot emailed tokens. */
export function emailTokenRoutes(deps: IdentityDeps, throttle: Throttle) {
  const app = createRouter();

  app.openapi(verifyEmail, async (c) => {
    const userId = await consumeEmailToken(deps.db, c.req.valid('json').token, 'verify_email', deps.clock.now());
    if (!userId) throw new ValidationError(LINK_NOT_VALID);
    await markEmailVerified(deps.db, userId, deps.clock.now());
    return c.body(null, 204);
  });

  app.openapi(resendVerification, async (c) => {
    const user = await findUserById(deps.db, userOf(c).userId);
    if (user && !user.email_verified_at) await sendEmailVerification(deps, user);
    return c.body(null, 202);
  });

  app.openapi(resetRequest, async (c) => {
    await throttle.takeToken(throttleKey('reset-client', clientAddress(c, deps.trustProxyHops)), RESET_REQUEST_BUCKET, 'too many reset requests from your network; try again in a minute');
    const user = await findUserByEmail(deps.db, c.req.valid('json').email);
    // Not awaited: the answer must take the same time whether or not an email goes out.
    if (user) void sendPasswordReset(deps, user).catch((err: unknown) => deps.logger.error({ err: err instanceof Error ? err.message : String(err) }, 'password reset not sent'));
    return c.body(null, 202);
  });

  app.openapi(resetConfirm, async (c) => {
    const { token, password } = c.req.valid('json');
    const now = deps.clock.now();
    const user = await inTransaction(deps.db, async (tx) => {
      const userId = await consumeEmailToken(tx, token, 'reset_password', now);
      const found = userId ? await findUserById(tx, userId) : null;
      if (!found) throw new ValidationError(LINK_NOT_VALID);
      // Throwing here rolls the transaction back, so the link still works for a better password.
      assertAcceptablePassword(deps.passwordPolicy, password, { email: found.email, name: found.display_name });
      await setPasswordHash(tx, found.id, await hashPassword(password));
      // Reading the reset email proves the address, too.
      await markEmailVerified(tx, found.id, now);
      await revokeAllSessions(tx, found.id, now);
      await auditEvent(c, { db: tx, clock: deps.clock }, { actor: { userId: found.id, role: found.role }, action: 'auth.password_reset', resource: 'account' });
      return found;
    });
    await throttle.reset(accountKey(user.email));
    await deliver(deps, passwordChangedMessage(user.email));
    return c.body(null, 204);
  });

  return app;
}
