import { createRoute, z } from '@hono/zod-openapi';
import type pg from 'pg';
import type { Clock } from '../../../common/src/clock.ts';
import { reprocessDeadLetters } from '../../../ingest/src/dead-letters/reprocess.ts';
import { auditRequest } from '../audit/audit-request.ts';
import { requireUser } from '../auth/require.ts';
import { createRouter } from '../http/openapi-app.ts';

const DeadLetter = z
  .object({
    id: z.number().int(),
    receivedAt: z.string(),
    source: z.string(),
    gatewayId: z.string().nullable(),
    reason: z.string(),
    detail: z.unknown(),
    payloadBytes: z.number().int(),
    status: z.enum(['open', 'reprocessed', 'discarded']),
  })
  .openapi('DeadLetter');
const ListQuery = z.object({
  status: z.enum(['open', 'reprocessed', 'discarded']).default('open'),
  reason: z.string().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
const Reprocess = z
  .object({ ids: z.array(z.number().int().positive()).max(1000).optional(), reasons: z.array(z.string().max(40)).max(20).optional(), limit: z.number().int().min(1).max(5000).default(1000) })
  .openapi('ReprocessDeadLetters');
const ReprocessResult = z.object({ examined: z.number().int(), readingsStored: z.number().int(), stillDead: z.number().int() }).openapi('ReprocessResult');

const admin = requireUser({ roles: ['admin'] });
const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });

/**
 * Operators' view of dead letters: what was refused and why (the raw payload stays in the
 * database: it may hold readings), and re-processing after a fix such as a device assignment.
 */
export function deadLetterRoutes(deps: { db: pg.Pool; clock: Clock }) {
  const app = createRouter();
  app.openapi(
    createRoute({ method: 'get', path: '/v1/admin/dead-letters', tags: ['operations'], middleware: [admin], request: { query: ListQuery }, responses: { 200: json(z.object({ deadLetters: z.array(DeadLetter) }), 'dead letters, newest first') } }),
    async (c) => {
      const q = c.req.valid('query');
      const { rows } = await deps.db.query<{ id: number; received_at: Date; source: string; gateway_id: string | null; reason: string; detail: unknown; bytes: number; status: 'open' }>(
        `SELECT id, received_at, source, gateway_id, reason, detail, octet_length(raw_payload) AS bytes, status
           FROM dead_letters WHERE status = $1 AND ($2::text IS NULL OR reason = $2) ORDER BY id DESC LIMIT $3`,
        [q.status, q.reason ?? null, q.limit],
      );
      await auditRequest(c, deps, { action: 'dead_letters.list', resource: 'dead-letters' });
      return c.json({ deadLetters: rows.map((r) => ({ id: Number(r.id), receivedAt: r.received_at.toISOString(), source: r.source, gatewayId: r.gateway_id, reason: r.reason, detail: r.detail, payloadBytes: Number(r.bytes), status: r.status })) }, 200);
    },
  );
  app.openapi(
    createRoute({ method: 'post', path: '/v1/admin/dead-letters/reprocess', tags: ['operations'], middleware: [admin], request: { body: { content: { 'application/json': { schema: Reprocess } } } }, responses: { 200: json(ReprocessResult, 'what became of the dead letters') } }),
    async (c) => {
      const body = c.req.valid('json');
      const result = await reprocessDeadLetters(deps.db, deps.clock, { ...(body.ids ? { ids: body.ids } : {}), ...(body.reasons ? { reasons: body.reasons } : {}), limit: body.limit });
      await auditRequest(c, deps, { action: 'dead_letters.reprocess', resource: 'dead-letters', reason: JSON.stringify(result) });
      return c.json(result, 200);
    },
  );
  return app;
}
