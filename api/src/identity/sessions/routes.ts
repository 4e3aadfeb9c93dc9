import { createRoute, z } from '@hono/zod-openapi';
import { NotFoundError, UnauthenticatedError } from '../../../../common/src/errors/index.ts';
import { auditEvent } from '../../audit/audit-event.ts';
import { requireUser, userOf } from '../../auth/require.ts';
import { createRouter } from '../../http/openapi-app.ts';
import { createCsrfToken } from '../crypto/csrf.ts';
import { CsrfToken, IdParam, Timestamp, UserView, jsonResponse, noContent } from '../http/schemas.ts';
import { clearSessionCookie } from '../http/session-cookie.ts';
import type { IdentityDeps } from '../identity-deps.ts';
import { findUserById, userView } from '../users/repo.ts';
import { listSessions, revokeSessionById } from './repo.ts';

const CurrentSession = z
  .object({
    user: UserView,
    via: z.enum(['session', 'token']),
    /** A fresh CSRF token for this session (null for API tokens, which need none). */
    csrfToken: CsrfToken.nullable(),
  })
  .openapi('CurrentSession');

const SessionItem = z
  .object({
    id: z.uuid(),
    createdAt: Timestamp,
    lastSeenAt: Timestamp,
    expiresAt: Timestamp,
    userAgent: z.string().nullable(),
    ip: z.string().nullable(),
    current: z.boolean(),
  })
  .openapi('Session');

const current = createRoute({
  method: 'get',
  path: '/v1/auth/session',
  tags: ['identity'],
  summary: 'Who is signed in, with a fresh CSRF token',
  description: 'A session that still owes its second factor gets 401 with `mfaPending: true` and a `csrfToken` for the MFA routes.',
  responses: { 200: jsonResponse('the signed-in user', CurrentSession) },
});

const list = createRoute({
  method: 'get',
  path: '/v1/auth/sessions',
  tags: ['identity'],
  summary: 'My signed-in sessions',
  middleware: [requireUser()] as const,
  responses: { 200: jsonResponse('live sessions, newest first', z.object({ sessions: z.array(SessionItem) })) },
});

const revoke = createRoute({
  method: 'delete',
  path: '/v1/auth/sessions/{id}',
  tags: ['identity'],
  summary: 'Sign out one of my sessions',
  middleware: [requireUser()] as const,
  request: { params: IdParam },
  responses: { 204: noContent },
});

/** The current session, and listing and revoking one's own sessions. */
export function sessionRoutes(deps: IdentityDeps) {
  const app = createRouter();

  app.openapi(current, async (c) => {
    const p = c.get('principal');
    const idHash = c.get('sessionIdHash');
    const csrfToken = idHash ? createCsrfToken(idHash, deps.sessionSecret) : null;
    if (p.kind !== 'user') {
      if (!c.get('mfaPending')) throw new UnauthenticatedError('sign in first', { extra: { mfaPending: false } });
      // A page reloaded mid-sign-in has lost its CSRF token; without a new one it could neither
      // finish MFA nor sign out. Same-origin only: CORS keeps other sites from reading it.
      throw new UnauthenticatedError('finish signing in with your second factor', { extra: { mfaPending: true, csrfToken } });
    }
    const user = await findUserById(deps.db, p.userId);
    if (!user) throw new UnauthenticatedError('sign in first');
    return c.json({ user: userView(user), via: p.via, csrfToken: p.via === 'session' ? csrfToken : null }, 200);
  });

  app.openapi(list, async (c) => {
    const sessions = await listSessions(deps.db, userOf(c).userId, deps.clock.now(), deps.sessions.idleMinutes, c.get('sessionIdHash'));
    return c.json({ sessions }, 200);
  });

  app.openapi(revoke, async (c) => {
    const p = userOf(c);
    const idHash = await revokeSessionById(deps.db, p.userId, c.req.valid('param').id, deps.clock.now());
    if (!idHash) throw new NotFoundError('no such session of yours');
    if (idHash === c.get('sessionIdHash')) clearSessionCookie(c, deps.publicUrl);
    await auditEvent(c, deps, { actor: { userId: p.userId, role: p.role }, action: 'auth.session_revoked', resource: 'session' });
    return c.body(null, 204);
  });

  return app;
}
