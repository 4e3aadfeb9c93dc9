import { createRoute, z } from '@hono/zod-openapi';
import { requireUser, userOf } from '../auth/require.ts';
import { createRouter } from '../http/openapi-app.ts';
import { appointmentAccess, selfScheduling } from './appointment-access.ts';
import { toAppointment } from './appointment-view.ts';
import type { AppointmentRouteDeps } from './route-deps.ts';
import { Appointment, JoinWaitlist, WaitlistEntry } from './schemas.ts';
import { seesVideoLink } from './video-link.ts';
import { acceptOffer, declineOffer, joinWaitlist, leaveWaitlist, listWaitlist, toWaitlistEntry } from './waitlist.ts';

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const tags = ['appointments'];
const PatientParams = z.object({ patientId: z.uuid() });
const OfferParams = PatientParams.extend({ offerId: z.uuid() });

/**
 * The waitlist: a patient waits for an earlier time; a slot freed by a cancellation is offered to
 * the first one waiting, held until the offer expires, then offered to the next.
 */
export function waitlistRoutes(deps: AppointmentRouteDeps) {
  const app = createRouter();

  app.openapi(
    createRoute({ method: 'get', path: '/v1/patients/{patientId}/waitlist', tags, middleware: [requireUser()] as const, request: { params: PatientParams }, responses: { 200: json(z.object({ entries: z.array(WaitlistEntry) }), 'entries still waiting, each with its open offer') } }),
    async (c) => {
      const { patientId } = c.req.valid('param');
      await appointmentAccess(c, deps, patientId, { action: 'waitlist.read', resource: 'waitlist' });
      return c.json({ entries: await listWaitlist(deps.db, patientId, deps.clock.now()) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/patients/{patientId}/waitlist',
      tags,
      middleware: selfScheduling(deps),
      request: { params: PatientParams, body: { content: { 'application/json': { schema: JoinWaitlist } } } },
      responses: { 201: json(WaitlistEntry, 'on the waitlist') },
    }),
    async (c) => {
      const { patientId } = c.req.valid('param');
      await appointmentAccess(c, deps, patientId, { action: 'waitlist.join', resource: 'waitlist', write: true });
      const e = await joinWaitlist(deps.db, { patientId, request: c.req.valid('json'), by: userOf(c).userId });
      return c.json(toWaitlistEntry(e), 201);
    },
  );

  app.openapi(
    createRoute({ method: 'delete', path: '/v1/patients/{patientId}/waitlist/{entryId}', tags, middleware: [requireUser()] as const, request: { params: PatientParams.extend({ entryId: z.uuid() }) }, responses: { 204: { description: 'left the waitlist; an open offer passes to the next patient' } } }),
    async (c) => {
      const { patientId, entryId } = c.req.valid('param');
      await appointmentAccess(c, deps, patientId, { action: 'waitlist.leave', resource: `waitlist/${entryId}`, write: true });
      await leaveWaitlist(deps, { patientId, entryId, now: deps.clock.now() });
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/patients/{patientId}/waitlist/offers/{offerId}/accept',
      tags,
      middleware: selfScheduling(deps),
      request: { params: OfferParams },
      responses: { 201: json(Appointment, 'booked'), 409: { description: 'the offer expired or was answered' } },
    }),
    async (c) => {
      const { patientId, offerId } = c.req.valid('param');
      const { access, actor } = await appointmentAccess(c, deps, patientId, { action: 'waitlist.accept', resource: `waitlist_offer/${offerId}`, write: true });
      const a = await acceptOffer(deps, { patientId, offerId, actor, now: deps.clock.now() });
      await deps.reminders?.schedule({ id: a.id, startsAt: a.starts_at });
      return c.json(toAppointment(a, { showVideo: seesVideoLink(access, actor.userId, a.provider_user_id), videoBaseUrl: deps.videoBaseUrl }), 201);
    },
  );

  app.openapi(
    createRoute({ method: 'post', path: '/v1/patients/{patientId}/waitlist/offers/{offerId}/decline', tags, middleware: [requireUser()] as const, request: { params: OfferParams }, responses: { 204: { description: 'declined; still waiting for other times' } } }),
    async (c) => {
      const { patientId, offerId } = c.req.valid('param');
      await appointmentAccess(c, deps, patientId, { action: 'waitlist.decline', resource: `waitlist_offer/${offerId}`, write: true });
      await declineOffer(deps, { patientId, offerId, now: deps.clock.now() });
      return c.body(null, 204);
    },
  );
  return app;
}
