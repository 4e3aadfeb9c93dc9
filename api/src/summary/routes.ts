import { createRoute } from '@hono/zod-openapi';
import type pg from 'pg';
import type { Clock } from '../../../common/src/clock.ts';
import { requireUser, userOf } from '../auth/require.ts';
import { createRouter } from '../http/openapi-app.ts';
import { guardPatient } from '../policy/patient-guard.ts';
import { PatientIdParam, jsonBody, jsonResponse } from '../portal-records/http.ts';
import { healthSummary, recordClinicVital } from './repo.ts';
import { HealthSummary, NewClinicVital, Vital } from './schemas.ts';

const tags = ['summary'];

const routes = {
  summary: createRoute({
    method: 'get',
    path: '/v1/patients/{patientId}/summary',
    tags,
    summary: 'Problems, allergies, immunizations, latest vitals and care goals',
    middleware: [requireUser()] as const,
    request: { params: PatientIdParam },
    responses: { 200: jsonResponse('the summary; sensitive problems are left out for proxies unless shared', HealthSummary) },
  }),
  clinicVital: createRoute({
    method: 'post',
    path: '/v1/patients/{patientId}/clinic-vitals',
    tags,
    summary: 'Record a vital measured at the clinic (care team)',
    middleware: [requireUser({ roles: ['clinician'] })] as const,
    request: { params: PatientIdParam, body: jsonBody(NewClinicVital) },
    responses: { 201: jsonResponse('recorded', Vital) },
  }),
};

/** The health summary, and the clinic-measured vitals it shows beside home readings. */
export function summaryRoutes(deps: { db: pg.Pool; clock: Clock }) {
  const app = createRouter();

  app.openapi(routes.summary, async (c) => {
    const { patientId } = c.req.valid('param');
    const access = await guardPatient(c, deps, patientId, 'record', { action: 'summary.read', resource: 'summary' });
    return c.json(await healthSummary(deps.db, patientId, access), 200);
  });

  app.openapi(routes.clinicVital, async (c) => {
    const { patientId } = c.req.valid('param');
    const body = c.req.valid('json');
    await guardPatient(c, deps, patientId, 'record', { action: 'clinic-vitals.record', resource: `clinic-vitals/${body.metric}`, write: true });
    return c.json(await recordClinicVital(deps.db, patientId, body, userOf(c).userId), 201);
  });

  return app;
}
