import type { Context } from 'hono';
import { ForbiddenError, UnauthenticatedError } from '../../../../common/src/errors/index.ts';
import type { AppEnv } from '../../http/env.ts';
import type { IdentityDeps } from '../identity-deps.ts';
import { findUserById, type UserRow } from '../users/repo.ts';
import { sessionUserId } from './repo.ts';

/** The browser session behind a request, with its user, whether or not MFA is still owed. */
export interface SessionUser {
  user: UserRow;
  /** Hash of the session id (the sessions table key). */
  idHash: string;
  /** The password was checked but the second factor (or MFA enrolment) is still owed. */
  pending: boolean;
}

/**
 * Resolve the session of a request for the routes that a half-signed-in session may use (MFA
 * verification and enrolment). The authenticate middleware treats such a session as anonymous
 * everywhere else, so clinicians and admins can do nothing before MFA.
 *
 * @throws UnauthenticatedError without a live session
 * @throws ForbiddenError for an API token: second factors are managed from a browser session
 */
export async function sessionUser(c: Context<AppEnv>, deps: Pick<IdentityDeps, 'db'>): Promise<SessionUser> {
  const p = c.get('principal');
  if (p.kind === 'user' && p.via === 'token') throw new ForbiddenError('API tokens cannot manage sign-in factors; use a browser session');
  const idHash = c.get('sessionIdHash');
  const userId = p.kind === 'user' ? p.userId : idHash && c.get('mfaPending') ? await sessionUserId(deps.db, idHash) : null;
  const user = userId ? await findUserById(deps.db, userId) : null;
  if (!user || !idHash) throw new UnauthenticatedError('sign in first');
  return { user, idHash, pending: p.kind !== 'user' };
}
