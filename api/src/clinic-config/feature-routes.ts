import { createRoute, z } from '@hono/zod-openapi';
import type pg from 'pg';
import type { Clock } from '../../../common/src/clock.ts';
import { auditRequest } from '../audit/audit-request.ts';
import { requireUser, userOf } from '../auth/require.ts';
import { createRouter } from '../http/openapi-app.ts';
import { clinicFor, ownClinic } from './own-clinic.ts';
import { featureSettingsView, saveFeatureSettings } from './feature-settings-repo.ts';
import { FEATURE_DEFAULTS, loadFeatureSettings, resolveFeatures } from './portal-features.ts';
import { FeatureMapSchema, FeatureSettings, UpdateFeatureSettings } from './schemas.ts';

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const tags = ['clinic configuration'];
const adminOnly = requireUser({ roles: ['admin'] });

/**
 * Portal feature switches: the admin reads and sets them for the clinic and its departments; every
 * signed-in user reads what is on, so the portal shows only that.
 */
export function featureRoutes(deps: { db: pg.Pool; clock: Clock }) {
  const app = createRouter();
  app.openapi(
    createRoute({ method: 'get', path: '/v1/admin/clinic/features', tags, middleware: [adminOnly] as const, responses: { 200: json(FeatureSettings, "the clinic's switches, clinic-wide and per department") } }),
    async (c) => c.json(await featureSettingsView(deps.db, ownClinic(c)), 200),
  );
  app.openapi(
    createRoute({
      method: 'put',
      path: '/v1/admin/clinic/features',
      tags,
      middleware: [adminOnly] as const,
      request: { body: { content: { 'application/json': { schema: UpdateFeatureSettings } } } },
      responses: { 200: json(FeatureSettings, 'saved; the switches now in effect') },
    }),
    async (c) => {
      const clinicId = ownClinic(c);
      const body = c.req.valid('json');
      await saveFeatureSettings(deps.db, { clinicId, departmentId: body.departmentId, changes: body.features, by: userOf(c).userId, now: deps.clock.now() });
      const changed = Object.entries(body.features).map(([f, v]) => `${f}=${v === null ? 'default' : v ? 'on' : 'off'}`).join(',');
      await auditRequest(c, deps, { action: 'clinic.features.update', resource: body.departmentId ? `department/${body.departmentId}` : `clinic/${clinicId}`, reason: changed });
      return c.json(await featureSettingsView(deps.db, clinicId), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/portal/features',
      tags,
      summary: 'Which portal features are on',
      middleware: [requireUser()] as const,
      request: {
        query: z.object({
          patientId: z.uuid().optional().describe("the patient whose clinic's portal is shown (proxies); default: your own clinic"),
          departmentId: z.uuid().optional(),
        }),
      },
      responses: { 200: json(z.object({ features: FeatureMapSchema }), 'the features in effect; an account with no clinic and no patient named sees the defaults') },
    }),
    async (c) => {
      const { patientId, departmentId } = c.req.valid('query');
      const clinicId = patientId || userOf(c).clinicId ? await clinicFor(c, deps, patientId) : null;
      const features = clinicId ? resolveFeatures(await loadFeatureSettings(deps.db, clinicId), departmentId ?? null) : { ...FEATURE_DEFAULTS };
      return c.json({ features }, 200);
    },
  );
  return app;
}
