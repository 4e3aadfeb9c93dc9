import { createRoute, z } from '@hono/zod-openapi';
import type pg from 'pg';
import type { Clock } from '../../../common/src/clock.ts';
import type { LiveEvents } from '../../../common/src/live-events.ts';
import { requireUser } from '../auth/require.ts';
import { LiveStreamQuery, createLiveHub, streamLiveEvents } from '../http/live-stream.ts';
import { createRouter } from '../http/openapi-app.ts';
import { guardPatient } from '../policy/patient-guard.ts';


/**
 * `GET /v1/patients/{patientId}/live`: server-sent events for the portal's charts — a `readings`
 * event (metrics, count, time of the newest; no values) whenever ingest stores readings for the
 * patient, and `: heartbeat` comments in between. Access is the `readings` scope, checked and
 * audited when the stream opens; the page then fetches the readings through the audited API.
 */
export function liveReadingsRoutes(deps: { db: pg.Pool; clock: Clock; live: LiveEvents | null; heartbeatMs?: number }) {
  const app = createRouter();
  const hub = deps.live ? createLiveHub(deps.live) : null;

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/patients/{patientId}/live',
      tags: ['trends'],
      summary: 'Live notice of new readings (server-sent events)',
      middleware: [requireUser()],
      request: { params: z.object({ patientId: z.uuid().openapi({ param: { name: 'patientId', in: 'path' } }) }), query: LiveStreamQuery },
      responses: { 200: { description: 'text/event-stream: `ready`, then `readings` events {metrics, count, latestAt}', content: { 'text/event-stream': { schema: z.string() } } } },
    }),
    async (c) => {
      const { patientId } = c.req.valid('param');
      const { maxSeconds } = c.req.valid('query');
      await guardPatient(c, deps, patientId, 'readings', { action: 'readings.live', resource: 'readings/live' });
      return streamLiveEvents(c, {
        hub,
        maxSeconds,
        ...(deps.heartbeatMs !== undefined ? { heartbeatMs: deps.heartbeatMs } : {}),
        select: (e) => (e.type === 'readings' && e.patientId === patientId ? e : null),
        send: (stream, e) => stream.writeSSE({ event: 'readings', data: JSON.stringify({ metrics: e.metrics, count: e.count, latestAt: e.latestAt }) }),
      });
    },
  );
  return app;
}
