import { createRoute } from '@hono/zod-openapi';
import type pg from 'pg';
import type { Clock } from '../../../common/src/clock.ts';
import { ForbiddenError } from '../../../common/src/errors/index.ts';
import { auditRequest } from '../audit/audit-request.ts';
import { requireUser, userOf } from '../auth/require.ts';
import { jsonBody, jsonContent } from '../http/openapi-content.ts';
import { createRouter } from '../http/openapi-app.ts';
import { releaseDelays, saveReleaseDelays } from './release-delay-repo.ts';
import { ReleaseDelays } from './schemas.ts';

const staff = requireUser({ roles: ['clinician', 'admin'] });
const adminOnly = requireUser({ roles: ['admin'] });
const tags = ['results'];

/** How long after verification each result category reaches the portal, per clinic. */
export function releaseDelayRoutes(deps: { db: pg.Pool; clock: Clock }) {
  const app = createRouter();
  const clinicOf = (c: Parameters<typeof userOf>[0]) => {
    const clinicId = userOf(c).clinicId;
    if (!clinicId) throw new ForbiddenError('your account belongs to no clinic');
    return clinicId;
  };

  app.openapi(
    createRoute({ method: 'get', path: '/v1/result-release-delays', tags, middleware: [staff], responses: { 200: jsonContent(ReleaseDelays, "your clinic's delays; other categories are released on verification") } }),
    async (c) => c.json({ delays: await releaseDelays(deps.db, clinicOf(c)) }, 200),
  );
  app.openapi(
    createRoute({ method: 'put', path: '/v1/result-release-delays', tags, middleware: [adminOnly], request: jsonBody(ReleaseDelays), responses: { 200: jsonContent(ReleaseDelays, 'saved; applies to results verified from now on') } }),
    async (c) => {
      const clinicId = clinicOf(c);
      await saveReleaseDelays(deps.db, clinicId, c.req.valid('json').delays, userOf(c).userId, deps.clock.now());
      await auditRequest(c, deps, { action: 'results.release_delays.update', resource: 'result-release-delays' });
      return c.json({ delays: await releaseDelays(deps.db, clinicId) }, 200);
    },
  );
  return app;
}
