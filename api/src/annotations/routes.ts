/**
 * Reading annotations over HTTP (issue 12): patients, their proxies (scope `readings`) and their
 * clinicians tag readings or moments with meals, symptoms, medication taken and measurement
 * conditions. Every read and write goes through guardPatient (scope `readings`), which audits.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type pg from 'pg';
import type { Clock } from '../../../common/src/clock.ts';
import { ValidationError } from '../../../common/src/errors/index.ts';
import { requireUser, userOf } from '../auth/require.ts';
import { jsonBody, jsonContent } from '../http/openapi-content.ts';
import { createRouter } from '../http/openapi-app.ts';
import { guardPatient } from '../policy/patient-guard.ts';
import { annotationsFor, createAnnotation, deleteAnnotation } from './repo.ts';
import { Annotation, AnnotationParams, AnnotationQuery, NewAnnotation, PatientParams } from './schemas.ts';

export interface AnnotationRouteDeps {
  db: pg.Pool;
  clock: Clock;
}

const tags = ['annotations'];
const DAY_MS = 86_400_000;
/** A year and a day: any calendar year fits in one request. */
const MAX_RANGE_MS = 367 * DAY_MS;
const path = '/v1/patients/{patientId}/annotations';

export function annotationRoutes(deps: AnnotationRouteDeps) {
  const app = createRouter();

  app.openapi(
    createRoute({ method: 'get', path, tags, summary: 'Annotations in a period (default the last 90 days)', middleware: [requireUser()] as const, request: { params: PatientParams, query: AnnotationQuery }, responses: { 200: jsonContent(z.object({ annotations: z.array(Annotation) }), 'oldest first') } }),
    async (c) => {
      const { patientId } = c.req.valid('param');
      const q = c.req.valid('query');
      await guardPatient(c, deps, patientId, 'readings', { action: 'annotations.read', resource: 'annotations' });
      const to = q.to ? new Date(q.to) : deps.clock.now();
      const from = q.from ? new Date(q.from) : new Date(to.getTime() - 90 * DAY_MS);
      if (!(from < to) || to.getTime() - from.getTime() > MAX_RANGE_MS) throw new ValidationError('from must be before to, at most 367 days apart', [{ path: 'from', message: 'out of range' }]);
      return c.json({ annotations: await annotationsFor(deps.db, patientId, from, to) }, 200);
    },
  );

  app.openapi(
    createRoute({ method: 'post', path, tags, summary: 'Annotate a reading (by id) or a moment', middleware: [requireUser()] as const, request: { params: PatientParams, ...jsonBody(NewAnnotation) }, responses: { 201: jsonContent(Annotation, 'added') } }),
    async (c) => {
      const { patientId } = c.req.valid('param');
      const body = c.req.valid('json');
      await guardPatient(c, deps, patientId, 'readings', { action: 'annotations.create', resource: 'annotations', write: true });
      const p = userOf(c);
      return c.json(await createAnnotation(deps.db, { patientId, ...body, author: { userId: p.userId, role: p.role }, now: deps.clock.now() }), 201);
    },
  );

  app.openapi(
    createRoute({ method: 'delete', path: `${path}/{annotationId}`, tags, summary: 'Remove an annotation (its author or the patient)', middleware: [requireUser()] as const, request: { params: AnnotationParams }, responses: { 204: { description: 'removed' } } }),
    async (c) => {
      const { patientId, annotationId } = c.req.valid('param');
      const access = await guardPatient(c, deps, patientId, 'readings', { action: 'annotations.delete', resource: `annotations/${annotationId}`, write: true });
      await deleteAnnotation(deps.db, patientId, annotationId, { userId: userOf(c).userId, isPatient: access.via === 'self' }, deps.clock.now());
      return c.body(null, 204);
    },
  );
  return app;
}
