import { createRoute, z } from '@hono/zod-openapi';
import { NotFoundError, ValidationError } from '../../../../common/src/errors/index.ts';
import { requireUser, userOf } from '../../auth/require.ts';
import { createRouter } from '../../http/openapi-app.ts';
import { PROXY_GRANTABLE } from '../../policy/patient-access.ts';
import { guardPatient } from '../../policy/patient-guard.ts';
import { Email, PatientIdParam, Timestamp, jsonBody, jsonResponse, noContent } from '../http/schemas.ts';
import type { IdentityDeps } from '../identity-deps.ts';
import { deliver } from '../mail/deliver.ts';
import { proxyGrantedMessage } from '../mail/messages.ts';
import { inTransaction } from '../transaction.ts';
import { assertGrantExpiry } from './policy.ts';
import { findGrant, findProxyUser, listGrants, replaceGrant, revokeGrant, updateGrant } from './repo.ts';

const Scopes = z.array(z.enum(PROXY_GRANTABLE)).max(PROXY_GRANTABLE.length).transform((s) => [...new Set(s)]);

const ProxyGrant = z
  .object({
    id: z.uuid(),
    proxy: z.object({ id: z.uuid(), displayName: z.string(), email: z.string() }),
    relationship: z.string(),
    scopes: z.array(z.string()),
    isParent: z.boolean().openapi({ description: 'a parent does not see what an adolescent (13–17) marked confidential' }),
    expiresAt: Timestamp.nullable(),
    createdAt: Timestamp,
    status: z.enum(['active', 'expired', 'revoked']),
  })
  .openapi('ProxyGrant');

const GrantParams = PatientIdParam.extend({ grantId: z.uuid().openapi({ param: { name: 'grantId', in: 'path' } }) });
// Signed-in only here; guardPatient decides who (the patient alone, through scope `privacy`).
const signedIn = requireUser();

const create = createRoute({
  method: 'post',
  path: '/v1/patients/{patientId}/proxies',
  tags: ['proxies'],
  summary: 'Give a proxy (a person with a proxy account) access to parts of my record until a date',
  middleware: [signedIn] as const,
  request: {
    params: PatientIdParam,
    body: jsonBody(
      z.object({
        email: Email,
        relationship: z.string().trim().min(1).max(60).openapi({ example: 'daughter' }),
        scopes: Scopes,
        expiresAt: Timestamp,
        isParent: z.boolean().default(false),
      }),
    ),
  },
  responses: { 201: jsonResponse('granted; an earlier grant to the same person is replaced', ProxyGrant) },
});

const list = createRoute({
  method: 'get',
  path: '/v1/patients/{patientId}/proxies',
  tags: ['proxies'],
  summary: 'My proxies',
  middleware: [signedIn] as const,
  request: { params: PatientIdParam },
  responses: { 200: jsonResponse('every grant, live ones first', z.object({ proxies: z.array(ProxyGrant) })) },
});

const update = createRoute({
  method: 'patch',
  path: '/v1/patients/{patientId}/proxies/{grantId}',
  tags: ['proxies'],
  summary: 'Change a proxy’s scopes, expiry, relationship or parent flag',
  middleware: [signedIn] as const,
  request: {
    params: GrantParams,
    body: jsonBody(z.object({ relationship: z.string().trim().min(1).max(60).optional(), scopes: Scopes.optional(), expiresAt: Timestamp.optional(), isParent: z.boolean().optional() })),
  },
  responses: { 200: jsonResponse('the changed grant', ProxyGrant) },
});

const revoke = createRoute({
  method: 'delete',
  path: '/v1/patients/{patientId}/proxies/{grantId}',
  tags: ['proxies'],
  summary: 'Revoke a proxy’s access',
  middleware: [signedIn] as const,
  request: { params: GrantParams },
  responses: { 204: noContent },
});

/**
 * A patient's proxies. Only the patient manages them (scope `privacy`, which the policy never
 * gives proxies or staff); every call is audited by guardPatient.
 */
export function proxyRoutes(deps: IdentityDeps) {
  const app = createRouter();
  const guard = (c: Parameters<typeof guardPatient>[0], patientId: string, action: string, write: boolean) =>
    guardPatient(c, deps, patientId, 'privacy', { action, resource: 'proxies', write });

  app.openapi(create, async (c) => {
    const { patientId } = c.req.valid('param');
    const body = c.req.valid('json');
    await guard(c, patientId, 'proxies.grant', true);
    const now = deps.clock.now();
    const expiresAt = new Date(body.expiresAt);
    assertGrantExpiry(expiresAt, now);
    const proxy = await findProxyUser(deps.db, body.email);
    if (!proxy) throw new NotFoundError('no proxy account uses this email address; ask the person to register with the clinic first');
    const grant = await inTransaction(deps.db, (tx) => replaceGrant(tx, { ...body, expiresAt, patientId, proxyUserId: proxy.id, grantedBy: userOf(c).userId, now }));
    await deliver(deps, proxyGrantedMessage(proxy.email, deps.publicUrl));
    return c.json(grant, 201);
  });

  app.openapi(list, async (c) => {
    const { patientId } = c.req.valid('param');
    await guard(c, patientId, 'proxies.read', false);
    return c.json({ proxies: await listGrants(deps.db, patientId, deps.clock.now()) }, 200);
  });

  app.openapi(update, async (c) => {
    const { patientId, grantId } = c.req.valid('param');
    const body = c.req.valid('json');
    await guard(c, patientId, 'proxies.update', true);
    if (Object.values(body).every((v) => v === undefined)) throw new ValidationError('send at least one field to change');
    const expiresAt = body.expiresAt ? new Date(body.expiresAt) : undefined;
    if (expiresAt) assertGrantExpiry(expiresAt, deps.clock.now());
    if (!(await updateGrant(deps.db, patientId, grantId, { ...body, expiresAt }))) throw new NotFoundError('no such live proxy grant');
    return c.json((await findGrant(deps.db, patientId, grantId, deps.clock.now()))!, 200);
  });

  app.openapi(revoke, async (c) => {
    const { patientId, grantId } = c.req.valid('param');
    await guard(c, patientId, 'proxies.revoke', true);
    if (!(await revokeGrant(deps.db, patientId, grantId, deps.clock.now()))) throw new NotFoundError('no such live proxy grant');
    return c.body(null, 204);
  });

  return app;
}
