import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type pg from 'pg';
import type { Clock } from '../../../common/src/clock.ts';
import { ForbiddenError, UnauthenticatedError } from '../../../common/src/errors/index.ts';
import type { AppEnv } from '../http/env.ts';
import { verifyCsrfToken } from '../identity/crypto/csrf.ts';
import { ANONYMOUS } from './principal.ts';
import { principalFromApiToken, principalFromSession, type SessionPolicy } from './sessions.ts';

export const SESSION_COOKIE = 'vitals_session';
export const CSRF_HEADER = 'x-csrf-token';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Resolve the caller once per request: a bearer API token (`Authorization: Bearer vt_…`) or the
 * session cookie. A state-changing request made with the cookie must carry a CSRF token bound to
 * the session (header `x-csrf-token`); a bearer token needs none (browsers never send it by
 * themselves). A session whose second factor is still owed counts as anonymous, except for the
 * MFA routes, which read `mfaPending`.
 *
 * @throws UnauthenticatedError for a bearer token that is unknown, revoked or expired
 * @throws ForbiddenError when the CSRF token is missing or wrong
 */
export function authenticate(deps: { db: pg.Pool; clock: Clock; sessions: SessionPolicy; csrfSecret: string }): MiddlewareHandler<AppEnv> {
  if (deps.csrfSecret.length < 32) throw new Error('authenticate: csrfSecret must be at least 32 characters');
  return async (c, next) => {
    c.set('requestId', c.req.header('x-request-id')?.slice(0, 64) || randomUUID());
    c.set('principal', ANONYMOUS);
    const auth = c.req.header('authorization');
    if (auth) {
      const m = /^Bearer (vt_[A-Za-z0-9_-]{20,100})$/.exec(auth);
      const principal = m ? await principalFromApiToken(deps.db, deps.clock, m[1]!) : null;
      if (!principal) throw new UnauthenticatedError('the API token is not valid');
      c.set('principal', principal);
      return next();
    }
    const cookie = getCookie(c, SESSION_COOKIE);
    if (cookie && cookie.length <= 100) {
      const s = await principalFromSession(deps.db, deps.clock, deps.sessions, cookie);
      if (s) {
        c.set('sessionIdHash', (s.principal as { sessionId: string }).sessionId);
        c.set('mfaPending', s.mfaPending);
        if (!s.mfaPending) c.set('principal', s.principal);
        if (UNSAFE.has(c.req.method)) {
          const token = c.req.header(CSRF_HEADER) ?? '';
          if (!verifyCsrfToken(c.get('sessionIdHash')!, token, deps.csrfSecret)) throw new ForbiddenError('missing or invalid CSRF token');
        }
      }
    }
    return next();
  };
}
