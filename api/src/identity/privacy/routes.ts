import { createRoute, z } from '@hono/zod-openapi';
import { requireUser } from '../../auth/require.ts';
import { createRouter } from '../../http/openapi-app.ts';
import { guardPatient } from '../../policy/patient-guard.ts';
import { PatientIdParam, jsonBody, jsonResponse } from '../http/schemas.ts';
import type { IdentityDeps } from '../identity-deps.ts';
import { readSharing, writeSharing } from './repo.ts';

const Sharing = z
  .object({ behavioral_health: z.boolean(), substance_use: z.boolean(), sexual_health: z.boolean() })
  .openapi('ProxySharing', { description: 'true: proxies may see this sensitive category (within their scopes); default false' });
const Privacy = z.object({ shareWithProxies: Sharing }).openapi('PrivacySettings');

const read = createRoute({
  method: 'get',
  path: '/v1/patients/{patientId}/privacy',
  tags: ['proxies'],
  summary: 'Which sensitive categories my proxies may see',
  middleware: [requireUser()] as const,
  request: { params: PatientIdParam },
  responses: { 200: jsonResponse('settings', Privacy) },
});

const write = createRoute({
  method: 'put',
  path: '/v1/patients/{patientId}/privacy',
  tags: ['proxies'],
  summary: 'Share or hide sensitive categories with my proxies',
  middleware: [requireUser()] as const,
  request: { params: PatientIdParam, body: jsonBody(Privacy) },
  responses: { 200: jsonResponse('the stored settings', Privacy) },
});

/** The patient's sensitive-category sharing with proxies (read by decidePatientAccess). */
export function privacyRoutes(deps: IdentityDeps) {
  const app = createRouter();

  app.openapi(read, async (c) => {
    const { patientId } = c.req.valid('param');
    await guardPatient(c, deps, patientId, 'privacy', { action: 'privacy.read', resource: 'privacy' });
    return c.json({ shareWithProxies: await readSharing(deps.db, patientId) }, 200);
  });

  app.openapi(write, async (c) => {
    const { patientId } = c.req.valid('param');
    await guardPatient(c, deps, patientId, 'privacy', { action: 'privacy.update', resource: 'privacy', write: true });
    await writeSharing(deps.db, patientId, c.req.valid('json').shareWithProxies, deps.clock.now());
    return c.json({ shareWithProxies: await readSharing(deps.db, patientId) }, 200);
  });

  return app;
}
