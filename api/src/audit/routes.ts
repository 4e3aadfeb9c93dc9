import { createRoute, z } from '@hono/zod-openapi';
import type pg from 'pg';
import type { Clock } from '../../../common/src/clock.ts';
import { requireUser, userOf } from '../auth/require.ts';
import { createRouter } from '../http/openapi-app.ts';
import { guardPatient } from '../policy/patient-guard.ts';
import { accessLogForPatient } from './repo.ts';

const AccessLogEntry = z
  .object({
    seq: z.number().int(),
    at: z.string(),
    actor: z.object({ name: z.string(), role: z.string().nullable() }),
    action: z.string().openapi({ example: 'readings.read' }),
    resource: z.string(),
    outcome: z.enum(['allowed', 'denied']),
    reason: z.string().nullable().openapi({ description: 'how access was given (via care_team, via proxy, break-the-glass: <reason>) or why it was refused' }),
  })
  .openapi('AccessLogEntry');

const accessLog = createRoute({
  method: 'get',
  path: '/v1/patients/{patientId}/access-log',
  tags: ['audit'],
  summary: 'Who viewed my record',
  description: 'Every access to the record by others (and, with includeOwn, by the patient), newest first, from the hash-chained audit log. The patient alone may read it.',
  middleware: [requireUser()] as const,
  request: {
    params: z.object({ patientId: z.uuid().openapi({ param: { name: 'patientId', in: 'path' } }) }),
    query: z.object({
      before: z.coerce.number().int().positive().optional().openapi({ description: 'page: entries with seq below this' }),
      limit: z.coerce.number().int().min(1).max(200).default(50),
      includeOwn: z.enum(['true', 'false']).default('false'),
    }),
  },
  responses: {
    200: {
      description: 'entries, newest first; pass nextBefore as before for the next page',
      content: { 'application/json': { schema: z.object({ entries: z.array(AccessLogEntry), nextBefore: z.number().int().nullable() }) } },
    },
  },
});

/** The patient-facing view of the audit log. */
export function auditRoutes(deps: { db: pg.Pool; clock: Clock }) {
  const app = createRouter();
  app.openapi(accessLog, async (c) => {
    const { patientId } = c.req.valid('param');
    const q = c.req.valid('query');
    await guardPatient(c, deps, patientId, 'privacy', { action: 'access_log.read', resource: 'audit_log' });
    const entries = await accessLogForPatient(deps.db, { patientId, before: q.before ?? null, limit: q.limit, excludeActor: q.includeOwn === 'true' ? null : `user:${userOf(c).userId}` });
    return c.json({ entries, nextBefore: entries.length === q.limit ? entries.at(-1)!.seq : null }, 200);
  });
  return app;
}
