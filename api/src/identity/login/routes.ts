import { createRoute, z } from '@hono/zod-openapi';
import { auditEvent } from '../../audit/audit-event.ts';
import { createRouter } from '../../http/openapi-app.ts';
import { DEFAULT_LOGIN_IP_BUCKET } from '../crypto/rate-limit.ts';
import { clientAddress } from '../http/client-address.ts';
import { CsrfToken, Email, PasswordInput, PendingTerms, UserView, jsonBody, jsonResponse, noContent } from '../http/schemas.ts';
import { clearSessionCookie, issueSession } from '../http/session-cookie.ts';
import type { IdentityDeps } from '../identity-deps.ts';
import { revokeSessionByHash } from '../sessions/repo.ts';
import { throttleKey, type Throttle } from '../throttle/throttle.ts';
import { mfaState, userView } from '../users/repo.ts';
import { completeSignIn } from './complete-sign-in.ts';
import { checkPassword } from './password-check.ts';

const LoginResult = z
  .object({
    csrfToken: CsrfToken,
    /** The account has a second factor: POST /v1/auth/mfa/verify (or /recovery) next. */
    mfaRequired: z.boolean(),
    /** A clinician or admin without MFA: enrol (POST /v1/auth/mfa/enrol) before anything else. */
    mfaEnrolmentRequired: z.boolean(),
    user: UserView,
    /** Present once signed in: terms versions to accept before using the portal. */
    pendingTerms: PendingTerms.optional(),
  })
  .openapi('LoginResult');

const login = createRoute({
  method: 'post',
  path: '/v1/auth/login',
  tags: ['identity'],
  summary: 'Sign in with email and password',
  description:
    'Sets the http-only session cookie. Wrong passwords and unknown emails get the same 401. After 5 failures in 15 minutes the account is locked for 15 minutes (doubling), and each client address gets a burst of 20 attempts then one every 6 seconds: both answer 429 with Retry-After.',
  request: { body: jsonBody(z.object({ email: Email, password: PasswordInput })) },
  responses: { 200: jsonResponse('signed in, or the second factor is owed', LoginResult) },
});

const logout = createRoute({
  method: 'post',
  path: '/v1/auth/logout',
  tags: ['identity'],
  summary: 'End this browser session',
  responses: { 204: noContent },
});

/** Sign-in with a password and sign-out. The second factor is in mfa/routes.ts. */
export function loginRoutes(deps: IdentityDeps, throttle: Throttle) {
  const app = createRouter();

  app.openapi(login, async (c) => {
    const { email, password } = c.req.valid('json');
    await throttle.takeToken(throttleKey('login-client', clientAddress(c, deps.trustProxyHops)), DEFAULT_LOGIN_IP_BUCKET, 'too many sign-in attempts from your network; wait a little');
    const user = await checkPassword(deps, throttle, email, password);
    const mfa = mfaState(user);
    if (!mfa.enrolled && !mfa.required) {
      const done = await completeSignIn(c, deps, throttle, { user, how: 'password' });
      return c.json({ ...done, mfaRequired: false, mfaEnrolmentRequired: false }, 200);
    }
    // A session that can only finish MFA (or enrol in it): authenticate treats it as anonymous.
    const { csrfToken } = await issueSession(c, deps, { userId: user.id, mfaPending: true });
    await auditEvent(c, deps, { actor: { userId: user.id, role: user.role }, action: 'auth.password_checked', resource: 'session', reason: 'second factor owed' });
    return c.json({ csrfToken, mfaRequired: mfa.enrolled, mfaEnrolmentRequired: !mfa.enrolled, user: userView(user) }, 200);
  });

  app.openapi(logout, async (c) => {
    const idHash = c.get('sessionIdHash');
    if (idHash) {
      await revokeSessionByHash(deps.db, idHash, deps.clock.now());
      const p = c.get('principal');
      if (p.kind === 'user') await auditEvent(c, deps, { actor: { userId: p.userId, role: p.role }, action: 'auth.sign_out', resource: 'session' });
    }
    clearSessionCookie(c, deps.publicUrl);
    return c.body(null, 204);
  });

  return app;
}
