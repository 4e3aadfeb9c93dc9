import { createRoute, z } from '@hono/zod-openapi';
import type pg from 'pg';
import type { Clock } from '../../../common/src/clock.ts';
import type { LiveEvent, LiveEvents } from '../../../common/src/live-events.ts';
import { auditRequest } from '../audit/audit-request.ts';
import { requireUser, userOf } from '../auth/require.ts';
import { LiveStreamQuery, createLiveHub, streamLiveEvents } from '../http/live-stream.ts';
import { createRouter } from '../http/openapi-app.ts';
import { inCareTeam } from './repo.ts';


type AlertEvent = Extract<LiveEvent, { type: 'alert' }>;

/**
 * `GET /v1/alerts/stream`: server-sent events for clinicians — an `alert` event (alert id, patient
 * id, severity, state; no values) whenever an alert of a patient in one of their care teams opens
 * or changes, and `: heartbeat` comments in between. Opening the stream is audited; the events
 * carry nothing the inbox does not show, and the client fetches the alert itself to see more.
 */
export function alertStreamRoutes(deps: { db: pg.Pool; clock: Clock; live: LiveEvents | null; heartbeatMs?: number }) {
  const app = createRouter();
  const hub = deps.live ? createLiveHub(deps.live) : null;

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/alerts/stream',
      tags: ['alerts'],
      middleware: [requireUser({ roles: ['clinician'] })],
      request: { query: LiveStreamQuery },
      responses: { 200: { description: 'text/event-stream: `ready`, then `alert` events {alertId, patientId, severity, state}', content: { 'text/event-stream': { schema: z.string() } } } },
    }),
    async (c) => {
      const { maxSeconds } = c.req.valid('query');
      const clinicianId = userOf(c).userId;
      await auditRequest(c, deps, { action: 'alerts.stream.open', resource: 'alerts/stream' });
      return streamLiveEvents<AlertEvent>(c, {
        hub,
        maxSeconds,
        ...(deps.heartbeatMs === undefined ? {} : { heartbeatMs: deps.heartbeatMs }),
        select: (e) => (e.type === 'alert' ? e : null),
        send: async (stream, e) => {
          // checked per event: care-team membership can change while the stream is open
          if (!(await inCareTeam(deps.db, clinicianId, e.patientId))) return;
          await stream.writeSSE({ event: 'alert', id: e.alertId, data: JSON.stringify({ alertId: e.alertId, patientId: e.patientId, severity: e.severity, state: e.state }) });
        },
      });
    },
  );
  return app;
}
