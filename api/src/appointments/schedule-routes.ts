import { createRoute, z } from '@hono/zod-openapi';
import { appendAudit } from '../audit/audit-log.ts';
import { actorOf } from '../auth/principal.ts';
import { requireUser, userOf } from '../auth/require.ts';
import { createRouter } from '../http/openapi-app.ts';
import { providerSchedule, toAppointment } from './appointment-view.ts';
import type { AppointmentRouteDeps } from './route-deps.ts';
import { ScheduleEntry, ScheduleQuery } from './schemas.ts';

/**
 * A provider's own schedule, with the video links of their visits. Being booked with a patient is
 * the provider's reason to see the name, whatever the care team; each patient shown is audited.
 */
export function scheduleRoutes(deps: AppointmentRouteDeps) {
  const app = createRouter();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/me/schedule',
      tags: ['appointments'],
      summary: 'My appointments as a provider',
      middleware: [requireUser({ roles: ['clinician'] })] as const,
      request: { query: ScheduleQuery },
      responses: { 200: { description: 'booked visits between the two local dates, soonest first (empty for a clinician who is not a provider)', content: { 'application/json': { schema: z.object({ appointments: z.array(ScheduleEntry) }) } } } },
    }),
    async (c) => {
      const p = userOf(c);
      const { from, to } = c.req.valid('query');
      const rows = await providerSchedule(deps.db, p.userId, from, to);
      const patients = [...new Set(rows.map((r) => r.patient_id))];
      await appendAudit(
        deps.db,
        deps.clock,
        patients.map((patientId) => ({ actor: actorOf(p), actorRole: p.role, patientId, action: 'appointments.schedule.read', resource: 'appointments', reason: 'via provider schedule', requestId: c.get('requestId') })),
      );
      const appointments = rows.map((r) => ({ ...toAppointment(r, { showVideo: true, videoBaseUrl: deps.videoBaseUrl }), patient: { id: r.patient_id, name: r.patient_name } }));
      return c.json({ appointments }, 200);
    },
  );
  return app;
}
