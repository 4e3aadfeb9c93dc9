import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { requireUser, userOf } from '../auth/require.ts';
import type { AppEnv } from '../http/env.ts';
import type { AccessVia } from '../policy/patient-access.ts';
import { createRouter } from '../http/openapi-app.ts';
import { appointmentAccess, selfScheduling } from './appointment-access.ts';
import { formsDue, listAppointments, loadAppointment, toAppointment, type AppointmentRow } from './appointment-view.ts';
import { bookAppointment, cancelAppointment, rescheduleAppointment } from './booking.ts';
import { renderIcs } from './ics.ts';
import type { AppointmentRouteDeps } from './route-deps.ts';
import { Appointment, AppointmentDetail, BookAppointment, CancelAppointment, ListQuery, RescheduleAppointment } from './schemas.ts';
import { seesVideoLink } from './video-link.ts';

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const body = <T extends z.ZodType>(schema: T) => ({ body: { content: { 'application/json': { schema } } } });
const tags = ['appointments'];
const PatientParams = z.object({ patientId: z.uuid() });
const AppointmentParams = PatientParams.extend({ appointmentId: z.uuid() });

/**
 * The calendar export path as mounted. A Hono regex parameter, because `{appointmentId}.ics` in an
 * OpenAPI path would make `.ics` part of the parameter's name and match every appointment URL.
 */
export const ICS_ROUTE_PATH = '/v1/patients/:patientId/appointments/:appointmentId{[0-9a-fA-F-]{36}\\.ics}';
const IcsParams = z.object({ patientId: z.uuid(), appointmentId: z.string().regex(/\.ics$/).transform((s) => s.slice(0, -4)).pipe(z.uuid()) });

/**
 * A patient's appointments: list, book, read, calendar export, cancel, reschedule. Patients and
 * proxies (scope `appointments`) change them until the visit type's cutoff and only while the
 * clinic offers self-scheduling; the care team at any time. Every request is decided and audited
 * by the patient policy.
 */
export function appointmentRoutes(deps: AppointmentRouteDeps) {
  const app = createRouter();
  /** Present rows to this viewer: the video link only for the people in the visit. */
  const viewFor = (c: Context<AppEnv>, access: { via: AccessVia }) => (r: AppointmentRow) =>
    toAppointment(r, { showVideo: seesVideoLink(access, userOf(c).userId, r.provider_user_id), videoBaseUrl: deps.videoBaseUrl });

  app.openapi(
    createRoute({ method: 'get', path: '/v1/patients/{patientId}/appointments', tags, middleware: [requireUser()] as const, request: { params: PatientParams, query: ListQuery }, responses: { 200: json(z.object({ appointments: z.array(Appointment) }), 'upcoming ones soonest first; past ones latest first') } }),
    async (c) => {
      const { patientId } = c.req.valid('param');
      const { access } = await appointmentAccess(c, deps, patientId, { action: 'appointments.read', resource: 'appointments' });
      const rows = await listAppointments(deps.db, patientId, c.req.valid('query').when, deps.clock.now());
      return c.json({ appointments: rows.map(viewFor(c, access)) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/patients/{patientId}/appointments',
      tags,
      summary: 'Book a slot',
      middleware: selfScheduling(deps),
      request: { params: PatientParams, ...body(BookAppointment) },
      responses: { 201: json(AppointmentDetail, 'booked'), 409: { description: 'the slot was taken (or is held, or has passed), or the visit is inside the online cutoff: call the clinic' } },
    }),
    async (c) => {
      const { patientId } = c.req.valid('param');
      const req = c.req.valid('json');
      const { access, actor } = await appointmentAccess(c, deps, patientId, { action: 'appointment.book', resource: `slot/${req.slotId}`, write: true });
      const a = await bookAppointment(deps, { patientId, slotId: req.slotId, reason: req.reason ?? null, actor, now: deps.clock.now() });
      await deps.reminders?.schedule({ id: a.id, startsAt: a.starts_at });
      return c.json({ ...viewFor(c, access)(a), formsDue: await formsDue(deps.db, a) }, 201);
    },
  );

  // registered before /{appointmentId}, which would otherwise take `<id>.ics` too
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/v1/patients/{patientId}/appointments/{appointmentId}.ics',
    tags,
    summary: 'The appointment as an iCalendar (RFC 5545) file',
    request: { params: z.object({ patientId: z.uuid(), appointmentId: z.uuid() }) },
    responses: { 200: { description: 'one VEVENT, times in UTC; the SUMMARY names only the visit type', content: { 'text/calendar': { schema: z.string() } } } },
  });
  app.get(ICS_ROUTE_PATH, requireUser(), async (c) => {
    const { patientId, appointmentId } = IcsParams.parse(c.req.param());
    const { access } = await appointmentAccess(c, deps, patientId, { action: 'appointment.export', resource: `appointment/${appointmentId}` });
    const a = await loadAppointment(deps.db, patientId, appointmentId);
    const view = viewFor(c, access)(a);
    const ics = renderIcs({
      uid: `${a.id}@${deps.calendarDomain}`,
      stamp: deps.clock.now(),
      start: a.starts_at,
      end: a.ends_at,
      sequence: a.sequence,
      status: a.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
      summary: a.vt_name,
      location: a.modality === 'video' ? 'Video visit' : [a.location_name, a.address].filter(Boolean).join(', '),
      url: view.videoUrl,
    });
    return c.body(ics, 200, { 'content-type': 'text/calendar; charset=utf-8', 'content-disposition': `attachment; filename="appointment-${a.id}.ics"`, 'cache-control': 'no-store' });
  });

  app.openapi(
    createRoute({ method: 'get', path: '/v1/patients/{patientId}/appointments/{appointmentId}', tags, middleware: [requireUser()] as const, request: { params: AppointmentParams }, responses: { 200: json(AppointmentDetail, 'the appointment and the forms due before it') } }),
    async (c) => {
      const { patientId, appointmentId } = c.req.valid('param');
      const { access } = await appointmentAccess(c, deps, patientId, { action: 'appointment.read', resource: `appointment/${appointmentId}` });
      const a = await loadAppointment(deps.db, patientId, appointmentId);
      return c.json({ ...viewFor(c, access)(a), formsDue: await formsDue(deps.db, a) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/patients/{patientId}/appointments/{appointmentId}/cancel',
      tags,
      middleware: selfScheduling(deps),
      request: { params: AppointmentParams, ...body(CancelAppointment) },
      responses: { 200: json(Appointment, 'cancelled; the time is offered to the waitlist'), 409: { description: 'not booked, already started, or inside the online cutoff: call the clinic' } },
    }),
    async (c) => {
      const { patientId, appointmentId } = c.req.valid('param');
      const { access, actor } = await appointmentAccess(c, deps, patientId, { action: 'appointment.cancel', resource: `appointment/${appointmentId}`, write: true });
      const { appointment } = await cancelAppointment(deps, { patientId, appointmentId, reason: c.req.valid('json').reason ?? null, actor, now: deps.clock.now() });
      await deps.reminders?.cancel(appointment.id);
      return c.json(viewFor(c, access)(appointment), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/patients/{patientId}/appointments/{appointmentId}/reschedule',
      tags,
      middleware: selfScheduling(deps),
      request: { params: AppointmentParams, ...body(RescheduleAppointment) },
      responses: { 200: json(Appointment, 'moved (same id); the old time is offered to the waitlist'), 409: { description: 'the new slot was taken, or inside the online cutoff: call the clinic' } },
    }),
    async (c) => {
      const { patientId, appointmentId } = c.req.valid('param');
      const { access, actor } = await appointmentAccess(c, deps, patientId, { action: 'appointment.reschedule', resource: `appointment/${appointmentId}`, write: true });
      const { appointment } = await rescheduleAppointment(deps, { patientId, appointmentId, slotId: c.req.valid('json').slotId, actor, now: deps.clock.now() });
      await deps.reminders?.schedule({ id: appointment.id, startsAt: appointment.starts_at });
      return c.json(viewFor(c, access)(appointment), 200);
    },
  );
  return app;
}
