import { createRoute, z } from '@hono/zod-openapi';
import type pg from 'pg';
import type { Clock } from '../../../common/src/clock.ts';
import { auditRequest } from '../audit/audit-request.ts';
import { requireUser, userOf } from '../auth/require.ts';
import { createRouter } from '../http/openapi-app.ts';
import { AcceptTerms, PublishTerms, TermsVersionSchema } from './schemas.ts';
import { acceptTerms, currentTerms, pendingTerms, publishTerms } from './terms-repo.ts';

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const tags = ['clinic configuration'];

/** Versioned terms of use and privacy policy: read (public), accept (signed in), publish (admin). */
export function termsRoutes(deps: { db: pg.Pool; clock: Clock }) {
  const app = createRouter();
  app.openapi(
    createRoute({ method: 'get', path: '/v1/terms', tags, summary: 'The terms in effect', responses: { 200: json(z.object({ current: z.array(TermsVersionSchema) }), 'one current version per kind; public, so sign-up pages can show them') } }),
    async (c) => c.json({ current: await currentTerms(deps.db, deps.clock.now()) }, 200),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/me/terms',
      tags,
      middleware: [requireUser()] as const,
      responses: { 200: json(z.object({ pending: z.array(TermsVersionSchema) }), 'current versions you have not accepted yet; the portal asks you to accept them') },
    }),
    async (c) => c.json({ pending: await pendingTerms(deps.db, userOf(c).userId, deps.clock.now()) }, 200),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/me/terms/accept',
      tags,
      middleware: [requireUser()] as const,
      request: { body: { content: { 'application/json': { schema: AcceptTerms } } } },
      responses: { 204: { description: 'accepted' } },
    }),
    async (c) => {
      const body = c.req.valid('json');
      await acceptTerms(deps.db, { userId: userOf(c).userId, kind: body.kind, version: body.version, now: deps.clock.now() });
      await auditRequest(c, deps, { action: 'terms.accept', resource: `terms/${body.kind}/${body.version}` });
      return c.body(null, 204);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/admin/terms',
      tags,
      middleware: [requireUser({ roles: ['admin'] })] as const,
      request: { body: { content: { 'application/json': { schema: PublishTerms } } } },
      responses: { 201: json(TermsVersionSchema, 'published as the next version; users accept it at their next sign-in once it is in effect') },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const published = await publishTerms(deps.db, { kind: body.kind, title: body.title, body: body.body, effectiveAt: body.effectiveAt ? new Date(body.effectiveAt) : deps.clock.now(), by: userOf(c).userId });
      await auditRequest(c, deps, { action: 'terms.publish', resource: `terms/${published.kind}/${published.version}` });
      return c.json(published, 201);
    },
  );
  return app;
}
