import type { Context } from 'hono';
import { auditEvent } from '../../audit/audit-event.ts';
import type { AppEnv } from '../../http/env.ts';
import { issueSession } from '../http/session-cookie.ts';
import type { IdentityDeps } from '../identity-deps.ts';
import { revokeSessionByHash } from '../sessions/repo.ts';
import type { Throttle } from '../throttle/throttle.ts';
import { userView, type UserRow } from '../users/repo.ts';
import { accountKey } from './password-check.ts';
import { pendingTerms } from '../../clinic-config/terms-repo.ts';

/**
 * Finish a sign-in once every factor the account needs is checked: forgive the account's failed
 * attempts, replace any half-signed-in session with a new full one (new id, new cookie, new CSRF
 * token), and audit it. The answer lists terms of use / privacy policy versions the user has not
 * accepted yet: the portal asks for acceptance before anything else.
 *
 * @param how - what completed it, for the audit entry: `password`, `totp`, `recovery_code`, `mfa_enrolment`
 */
export async function completeSignIn(
  c: Context<AppEnv>,
  deps: IdentityDeps,
  throttle: Throttle,
  s: { user: UserRow; how: string; replacesSession?: string },
) {
  await throttle.reset(accountKey(s.user.email));
  if (s.replacesSession) await revokeSessionByHash(deps.db, s.replacesSession, deps.clock.now());
  const { csrfToken } = await issueSession(c, deps, { userId: s.user.id, mfaPending: false });
  await auditEvent(c, deps, { actor: { userId: s.user.id, role: s.user.role }, action: 'auth.sign_in', resource: 'session', reason: s.how });
  return { csrfToken, user: userView(s.user), pendingTerms: await pendingTerms(deps.db, s.user.id, deps.clock.now()) };
}
