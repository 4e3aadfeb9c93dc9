import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import type { CookieOptions } from 'hono/utils/cookie';
import { SESSION_COOKIE } from '../../auth/authenticate.ts';
import { createSession } from '../../auth/sessions.ts';
import { createCsrfToken } from '../crypto/csrf.ts';
import type { IdentityDeps } from '../identity-deps.ts';
import { clientAddress } from './client-address.ts';

/**
 * Cookie attributes: http-only (scripts never see the session secret), SameSite=Lax (not sent on
 * cross-site subrequests or POSTs), Secure whenever the public origin is https, whole-site path.
 */
export function sessionCookieOptions(publicUrl: string, maxAgeS?: number): CookieOptions {
  return { httpOnly: true, sameSite: 'Lax', secure: new URL(publicUrl).protocol === 'https:', path: '/', ...(maxAgeS !== undefined ? { maxAge: maxAgeS } : {}) };
}

/**
 * Start a new session for a user: a fresh random id every time (also after MFA, so a session id
 * seen before the second factor is worth nothing after it), the cookie, and a CSRF token bound
 * to the new session for the client to send in `x-csrf-token`.
 */
export async function issueSession(
  c: Context,
  deps: Pick<IdentityDeps, 'db' | 'clock' | 'sessions' | 'publicUrl' | 'sessionSecret' | 'trustProxyHops'>,
  s: { userId: string; mfaPending: boolean },
): Promise<{ csrfToken: string; idHash: string }> {
  const created = await createSession(deps.db, deps.clock, deps.sessions, {
    ...s,
    userAgent: c.req.header('user-agent') ?? null,
    ip: clientAddress(c, deps.trustProxyHops),
  });
  setCookie(c, SESSION_COOKIE, created.token, sessionCookieOptions(deps.publicUrl, deps.sessions.absoluteHours * 3600));
  return { csrfToken: createCsrfToken(created.idHash, deps.sessionSecret), idHash: created.idHash };
}

/** Tell the browser to drop the session cookie (the session itself is revoked by the caller). */
export function clearSessionCookie(c: Context, publicUrl: string): void {
  deleteCookie(c, SESSION_COOKIE, sessionCookieOptions(publicUrl));
}
