/**
 * RPM enrolments over HTTP: list a patient's episodes, enrol, record device set-up and education
 * (the CPT 99453 service), end an episode. Clinicians of the patient's care team (or after
 * break-the-glass) and the clinic's administrators; every call is audited.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { requireUser, userOf } from '../auth/require.ts';
import { jsonBody, jsonContent } from '../http/openapi-content.ts';
import type { createRouter } from '../http/openapi-app.ts';
import { enrol, enrolmentsOf, updateEnrolment } from './enrolment-repo.ts';
import { staffPatientAccess } from './staff-access.ts';
import type { RpmBillingRouteDeps } from './routes.ts';

const tags = ['rpm-enrolments'];
const staff = requireUser({ roles: ['clinician', 'admin'] });
const instant = z.iso.datetime({ offset: true });

const Enrolment = z
  .object({ id: z.uuid(), patientId: z.uuid(), programId: z.uuid(), careTeamId: z.uuid(), startedAt: z.string(), endedAt: z.string().nullable(), setupCompletedAt: z.string().nullable(), setupBy: z.uuid().nullable() })
  .openapi('RpmEnrolment');
const NewEnrolment = z.strictObject({ programId: z.uuid(), careTeamId: z.uuid(), startedAt: instant.optional().openapi({ description: 'default now' }) }).openapi('NewRpmEnrolment');
const SetupDone = z.strictObject({ completedAt: instant.optional().openapi({ description: 'when set-up and education happened; default now' }) }).openapi('RpmSetupDone');
const EndEnrolment = z.strictObject({ endedAt: instant.optional().openapi({ description: 'default now' }) }).openapi('EndRpmEnrolment');
const PatientParams = z.object({ patientId: z.uuid() });
const EnrolmentParams = z.object({ patientId: z.uuid(), enrolmentId: z.uuid() });
const base = '/v1/patients/{patientId}/rpm-enrolments';

/** Registers the enrolment routes on the RPM billing router. */
export function registerEnrolmentRoutes(app: ReturnType<typeof createRouter>, deps: RpmBillingRouteDeps): void {
  const resource = 'rpm-enrolments';
  app.openapi(
    createRoute({ method: 'get', path: base, tags, summary: 'The patient’s RPM enrolments, newest first', middleware: [staff] as const, request: { params: PatientParams }, responses: { 200: jsonContent(z.object({ enrolments: z.array(Enrolment) }), 'the enrolments') } }),
    async (c) => {
      const { patientId } = c.req.valid('param');
      await staffPatientAccess(c, deps, patientId, 'record', { action: 'rpm-enrolments.read', resource });
      return c.json({ enrolments: await enrolmentsOf(deps.db, patientId) }, 200);
    },
  );
  app.openapi(
    createRoute({ method: 'post', path: base, tags, summary: 'Enrol the patient in an RPM programme', middleware: [staff] as const, request: { params: PatientParams, ...jsonBody(NewEnrolment) }, responses: { 201: jsonContent(Enrolment, 'enrolled') } }),
    async (c) => {
      const { patientId } = c.req.valid('param');
      const body = c.req.valid('json');
      await staffPatientAccess(c, deps, patientId, 'record', { action: 'rpm-enrolments.create', resource, write: true });
      return c.json(await enrol(deps.db, { patientId, programId: body.programId, careTeamId: body.careTeamId, startedAt: body.startedAt ? new Date(body.startedAt) : deps.clock.now() }), 201);
    },
  );
  app.openapi(
    createRoute({ method: 'post', path: `${base}/{enrolmentId}/setup`, tags, summary: 'Record device set-up and patient education (CPT 99453)', middleware: [staff] as const, request: { params: EnrolmentParams, ...jsonBody(SetupDone) }, responses: { 200: jsonContent(Enrolment, 'recorded') } }),
    async (c) => {
      const { patientId, enrolmentId } = c.req.valid('param');
      const at = c.req.valid('json').completedAt;
      await staffPatientAccess(c, deps, patientId, 'record', { action: 'rpm-enrolments.setup', resource: `${resource}/${enrolmentId}`, write: true });
      return c.json(await updateEnrolment(deps.db, patientId, enrolmentId, { setupCompletedAt: at ? new Date(at) : deps.clock.now(), setupBy: userOf(c).userId }), 200);
    },
  );
  app.openapi(
    createRoute({ method: 'post', path: `${base}/{enrolmentId}/end`, tags, summary: 'End the episode of monitoring', middleware: [staff] as const, request: { params: EnrolmentParams, ...jsonBody(EndEnrolment) }, responses: { 200: jsonContent(Enrolment, 'ended') } }),
    async (c) => {
      const { patientId, enrolmentId } = c.req.valid('param');
      const at = c.req.valid('json').endedAt;
      await staffPatientAccess(c, deps, patientId, 'record', { action: 'rpm-enrolments.end', resource: `${resource}/${enrolmentId}`, write: true });
      return c.json(await updateEnrolment(deps.db, patientId, enrolmentId, { endedAt: at ? new Date(at) : deps.clock.now() }), 200);
    },
  );
}
