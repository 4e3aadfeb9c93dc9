import type { MiddlewareHandler } from 'hono';
import { ForbiddenError, UnauthenticatedError } from '../../../common/src/errors/index.ts';
import type { AppEnv } from '../http/env.ts';
import type { Role, UserPrincipal } from './principal.ts';

/**
 * Require a signed-in user, optionally of given roles and holding a token scope. Clinicians and
 * admins must have passed MFA (their sessions cannot complete without it).
 *
 * @example app.use('/v1/admin/*', requireUser({ roles: ['admin'] }))
 */
export function requireUser(opts: { roles?: Role[]; scope?: string } = {}): MiddlewareHandler<AppEnv> {
  if (opts.roles && opts.roles.length === 0) throw new Error('requireUser: roles must not be empty');
  return async (c, next) => {
    const p = c.get('principal');
    if (p.kind !== 'user') throw new UnauthenticatedError('sign in first');
    if (opts.roles && !opts.roles.includes(p.role)) throw new ForbiddenError('your role does not allow this');
    if (opts.scope && p.scopes !== 'all' && !p.scopes.has(opts.scope)) throw new ForbiddenError(`the API token lacks the scope ${opts.scope}`);
    await next();
  };
}

/** The signed-in user; only valid behind requireUser. */
export function userOf(c: { get(key: 'principal'): unknown }): UserPrincipal {
  const p = c.get('principal') as UserPrincipal | { kind: 'anonymous' };
  if (p.kind !== 'user') throw new UnauthenticatedError('sign in first');
  return p;
}
