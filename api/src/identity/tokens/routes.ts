import { createRoute, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { ZodError } from 'zod';
import { ForbiddenError, NotFoundError, ValidationError } from '../../../../common/src/errors/index.ts';
import { auditEvent } from '../../audit/audit-event.ts';
import { requireUser, userOf } from '../../auth/require.ts';
import type { AppEnv } from '../../http/env.ts';
import { createRouter } from '../../http/openapi-app.ts';
import { zodProblemErrors } from '../../http/problem.ts';
import type { PatientScope } from '../../policy/patient-access.ts';
import { grantSmartScopes, parseSmartScope } from '../../policy/smart-scopes.ts';
import { createToken, hashToken } from '../crypto/tokens.ts';
import { IdParam, Timestamp, jsonBody, jsonResponse, noContent } from '../http/schemas.ts';
import type { IdentityDeps } from '../identity-deps.ts';
import { activeProxyGrantScopes, insertApiToken, listApiTokens, revokeApiToken } from './repo.ts';

const PATIENT_SCOPES = ['readings', 'results', 'messages', 'appointments', 'billing', 'medications', 'record', 'privacy'] as const satisfies readonly PatientScope[];
/** Token scopes are `<patient scope>:read` or `:write` (write implies read), as tokenAllows reads them. */
export const API_TOKEN_SCOPES = PATIENT_SCOPES.flatMap((s) => [`${s}:read`, `${s}:write`] as const);
const isPlatformScope = (s: string) => (API_TOKEN_SCOPES as readonly string[]).includes(s);

/** Issue messages of unknown scopes start with this, so the answer names the OAuth error (RFC 6749 §5.2). */
const INVALID_SCOPE = 'invalid_scope';

/** A platform scope, or a SMART v1/v2 scope smart-scopes.ts understands. */
const TokenScope = z
  .string()
  .max(100)
  .superRefine((s, ctx) => {
    if (isPlatformScope(s)) return;
    const smart = parseSmartScope(s);
    if (!smart.ok) ctx.addIssue({ code: 'custom', message: `${INVALID_SCOPE}: ${smart.why}` });
  })
  .openapi({
    description: `A platform scope (${API_TOKEN_SCOPES.join(', ')}) or a SMART App Launch scope for FHIR: v1 \`patient/Observation.read\`, \`patient/*.read\`, or v2 \`patient/Observation.rs\` (see docs/fhir.md#access-and-scopes). Unknown or malformed: 400 invalid_scope.`,
    example: 'patient/Observation.rs',
  });

/** A token must not mint or revoke tokens: a leaked one could otherwise make itself permanent. */
const browserSessionOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (userOf(c).via !== 'session') throw new ForbiddenError('API tokens are managed from a browser session');
  await next();
};

const ApiToken = z
  .object({ id: z.uuid(), name: z.string(), scopes: z.array(z.string()), createdAt: Timestamp, lastUsedAt: Timestamp.nullable(), expiresAt: Timestamp.nullable() })
  .openapi('ApiToken');

const create = createRoute({
  method: 'post',
  path: '/v1/auth/tokens',
  tags: ['identity'],
  summary: 'Create an API token (shown once)',
  description: 'Send it as `Authorization: Bearer vt_…`. Only its hash is stored. Tokens are created from a browser session, never from another token.',
  middleware: [requireUser(), browserSessionOnly] as const,
  request: {
    body: jsonBody(
      z.object({
        name: z.string().trim().min(1).max(100),
        scopes: z.array(TokenScope).min(1).max(32),
        expiresInDays: z.number().int().min(1).max(365).default(90),
      }),
    ),
  },
  responses: {
    201: jsonResponse(
      'the token, shown this once',
      ApiToken.extend({
        token: z.string(),
        scope: z.string().openapi({ description: 'the scopes granted, space-separated as OAuth 2.0 returns them: the requested SMART scopes narrowed to what the user may grant (reads only)', example: 'patient/Observation.rs patient/Patient.read' }),
      }),
    ),
  },
});

const list = createRoute({
  method: 'get',
  path: '/v1/auth/tokens',
  tags: ['identity'],
  summary: 'My API tokens that still work',
  middleware: [requireUser()] as const,
  responses: { 200: jsonResponse('tokens, newest first', z.object({ tokens: z.array(ApiToken) })) },
});

const revoke = createRoute({
  method: 'delete',
  path: '/v1/auth/tokens/{id}',
  tags: ['identity'],
  summary: 'Revoke one of my API tokens',
  middleware: [requireUser(), browserSessionOnly] as const,
  request: { params: IdParam },
  responses: { 204: noContent },
});

/** Personal API tokens for machines and scripts. */
export function tokenRoutes(deps: IdentityDeps) {
  const app = createRouter();

  app.openapi(create, async (c) => {
    const p = userOf(c);
    const body = c.req.valid('json');
    const token = createToken('api');
    const now = deps.clock.now();
    const scopes = await grantedScopes(deps, p, [...new Set(body.scopes)], now);
    const view = await insertApiToken(deps.db, { userId: p.userId, name: body.name, tokenHash: hashToken(token), scopes, now, expiresAt: new Date(now.getTime() + body.expiresInDays * 86_400_000) });
    await auditEvent(c, deps, { actor: p, action: 'auth.token_created', resource: `api_token/${view.id}`, reason: scopes.join(' ') });
    c.header('cache-control', 'no-store');
    return c.json({ ...view, token, scope: view.scopes.join(' ') }, 201);
  }, invalidScopeHook);

  app.openapi(list, async (c) => c.json({ tokens: await listApiTokens(deps.db, userOf(c).userId, deps.clock.now()) }, 200));

  app.openapi(revoke, async (c) => {
    const p = userOf(c);
    const { id } = c.req.valid('param');
    if (!(await revokeApiToken(deps.db, p.userId, id, deps.clock.now()))) throw new NotFoundError('no such token of yours');
    await auditEvent(c, deps, { actor: p, action: 'auth.token_revoked', resource: `api_token/${id}` });
    return c.body(null, 204);
  });

  return app;
}

/** Name the OAuth error in the problem's detail when a scope is what made the request invalid. */
const invalidScopeHook = (result: { success: boolean; error?: unknown }): undefined => {
  if (result.success) return undefined;
  const errors = zodProblemErrors(result.error as ZodError);
  const scopeError = errors.find((e) => e.message.startsWith(INVALID_SCOPE));
  throw new ValidationError(scopeError ? scopeError.message : 'the request is not valid', errors);
};

/**
 * Platform scopes as requested; SMART scopes narrowed to what the user may grant (smart-scopes.ts).
 * @throws ValidationError (invalid_scope) when nothing requested can be granted
 */
async function grantedScopes(deps: IdentityDeps, p: ReturnType<typeof userOf>, requested: string[], now: Date): Promise<string[]> {
  const platform = requested.filter(isPlatformScope);
  const smart = requested.filter((s) => !isPlatformScope(s));
  if (smart.length === 0) return platform;
  const grant = grantSmartScopes(smart, { role: p.role, proxyGrants: p.role === 'proxy' ? await activeProxyGrantScopes(deps.db, p.userId, now) : [] });
  const scopes = [...platform, ...grant.granted];
  if (scopes.length === 0) throw new ValidationError(`${INVALID_SCOPE}: none of the requested scopes can be granted`, grant.refused.map((r) => ({ path: 'scopes', message: `${r.scope}: ${r.why}` })));
  return scopes;
}
