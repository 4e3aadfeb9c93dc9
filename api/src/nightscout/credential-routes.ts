import { createRoute, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { ForbiddenError } from '../../../common/src/errors/index.ts';
import { requireUser, userOf } from '../auth/require.ts';
import type { AppEnv } from '../http/env.ts';
import { createRouter } from '../http/openapi-app.ts';
import { sha256Hex } from '../identity/crypto/primitives.ts';
import { guardPatient } from '../policy/patient-guard.ts';
import { credentialsRepo } from './credentials-repo.ts';
import { apiSecretHeaderValue, createNightscoutSecret } from './nightscout-secret.ts';
import type { NightscoutRouteDeps } from './routes.ts';
import { ensureNightscoutDevice } from './virtual-device.ts';

const tags = ['nightscout'];
const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const PatientParams = z.object({ patientId: z.uuid().openapi({ param: { name: 'patientId', in: 'path' } }) });

const Credential = z
  .object({ id: z.uuid(), label: z.string(), access: z.enum(['read', 'readwrite']), issuedBy: z.string(), createdAt: z.iso.datetime(), lastUsedAt: z.iso.datetime().nullable() })
  .openapi('NightscoutCredential');
const NewCredential = Credential.extend({
  secret: z.string().describe('The Nightscout API secret, shown only now: enter it in the uploader or follower app'),
  apiSecretSha1: z.string().describe('What clients send in the api-secret header (SHA-1 hex of the secret)'),
  uploaderUrl: z.string().describe('For xDrip+ "Base URL": https://<secret>@<host>/api/v1/'),
}).openapi('NewNightscoutCredential');
const CreateCredential = z.object({
  label: z.string().trim().min(1).max(100).openapi({ example: 'xDrip+ on my phone' }),
  access: z.enum(['read', 'readwrite']).default('readwrite').openapi({ description: 'read for follower apps, readwrite for uploaders' }),
});

/** A credential must not mint or revoke credentials: only a signed-in person manages them. */
const browserSessionOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (userOf(c).via !== 'session') throw new ForbiddenError('Nightscout credentials are managed from a browser session');
  await next();
};

/**
 * Nightscout credentials of a patient: issued (the secret shown once), listed, revoked by the
 * patient, a proxy or a clinician who may read (or, to issue and revoke, write) the patient's
 * readings. Issuing also registers the patient's virtual Nightscout device.
 */
export function nightscoutCredentialRoutes(deps: NightscoutRouteDeps) {
  const app = createRouter();
  const audit = (action: string) => ({ action: `nightscout.credential.${action}`, resource: 'nightscout/credentials' });

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/patients/{patientId}/nightscout-credentials',
      tags,
      summary: 'Issue a Nightscout credential (the secret is shown once)',
      middleware: [requireUser(), browserSessionOnly] as const,
      request: { params: PatientParams, body: { content: { 'application/json': { schema: CreateCredential } } } },
      responses: { 201: json(NewCredential, 'issued') },
    }),
    async (c) => {
      const { patientId } = c.req.valid('param');
      const body = c.req.valid('json');
      await guardPatient(c, deps, patientId, 'readings', { ...audit('issue'), write: true });
      await ensureNightscoutDevice(deps.db, patientId);
      const secret = createNightscoutSecret();
      const header = apiSecretHeaderValue(secret);
      const view = await credentialsRepo(deps.db, patientId).create({ issuedBy: userOf(c).userId, label: body.label, canWrite: body.access === 'readwrite', secretHash: sha256Hex(header), now: deps.clock.now() });
      const url = new URL(deps.publicUrl);
      c.header('cache-control', 'no-store');
      return c.json({ ...view, secret, apiSecretSha1: header, uploaderUrl: `${url.protocol}//${secret}@${url.host}/api/v1/` }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/patients/{patientId}/nightscout-credentials',
      tags,
      summary: "The patient's Nightscout credentials that still work",
      middleware: [requireUser()] as const,
      request: { params: PatientParams },
      responses: { 200: json(z.object({ credentials: z.array(Credential) }), 'credentials, newest first') },
    }),
    async (c) => {
      const { patientId } = c.req.valid('param');
      await guardPatient(c, deps, patientId, 'readings', audit('list'));
      return c.json({ credentials: await credentialsRepo(deps.db, patientId).list() }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/patients/{patientId}/nightscout-credentials/{id}',
      tags,
      summary: 'Revoke a Nightscout credential',
      middleware: [requireUser(), browserSessionOnly] as const,
      request: { params: PatientParams.extend({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) }) },
      responses: { 204: { description: 'revoked' } },
    }),
    async (c) => {
      const { patientId, id } = c.req.valid('param');
      await guardPatient(c, deps, patientId, 'readings', { ...audit('revoke'), write: true });
      await credentialsRepo(deps.db, patientId).revoke(id, deps.clock.now());
      return c.body(null, 204);
    },
  );
  return app;
}
