import { randomBytes } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import type pg from 'pg';
import type { Clock } from '../../../common/src/clock.ts';
import { NotFoundError } from '../../../common/src/errors/index.ts';
import { auditRequest } from '../audit/audit-request.ts';
import { requireUser, userOf } from '../auth/require.ts';
import { createRouter } from '../http/openapi-app.ts';
import { body, clinicOf, json } from './route-kit.ts';
import { CreateWebhook, DeadLetter, WebhookEndpoint, WebhookEndpointCreated, WebhookParams } from './schemas.ts';

const adminOnly = requireUser({ roles: ['admin'] });
const tags = ['alert delivery'];

interface EndpointRow {
  id: string;
  url: string;
  events: string[];
  min_severity: 'info' | 'low' | 'high' | 'urgent';
  created_at: Date;
  disabled_at: Date | null;
}
const toEndpoint = (r: EndpointRow) => ({ id: r.id, url: r.url, events: r.events, minSeverity: r.min_severity, createdAt: r.created_at.toISOString(), disabledAt: r.disabled_at?.toISOString() ?? null });

/**
 * Webhook administration for the admin's clinic: endpoints (the signing secret is generated and
 * shown once) and the dead-letter list of deliveries given up after their last attempt. Dead
 * letters show the alert id and the failure, not the payload: admins do not read clinical data.
 */
export function adminAlertRoutes(deps: { db: pg.Pool; clock: Clock }) {
  const app = createRouter();

  app.openapi(
    createRoute({ method: 'post', path: '/v1/admin/webhooks', tags, middleware: [adminOnly], request: body(CreateWebhook), responses: { 201: json(WebhookEndpointCreated, 'created; the secret is shown only now') } }),
    async (c) => {
      const input = c.req.valid('json');
      const secret = randomBytes(32).toString('base64url');
      const { rows } = await deps.db.query<EndpointRow>(
        'INSERT INTO webhook_endpoints (clinic_id, url, secret, events, min_severity) VALUES ($1, $2, $3, $4, $5) RETURNING id, url, events, min_severity, created_at, disabled_at',
        [clinicOf(userOf(c).clinicId), input.url, secret, input.events, input.minSeverity],
      );
      const endpoint = toEndpoint(rows[0]!);
      await auditRequest(c, deps, { action: 'webhook.create', resource: `webhook/${endpoint.id}` });
      return c.json({ ...endpoint, secret }, 201);
    },
  );
  app.openapi(createRoute({ method: 'get', path: '/v1/admin/webhooks', tags, middleware: [adminOnly], responses: { 200: json(z.object({ endpoints: z.array(WebhookEndpoint) }), 'your clinic’s endpoints') } }), async (c) => {
    const { rows } = await deps.db.query<EndpointRow>('SELECT id, url, events, min_severity, created_at, disabled_at FROM webhook_endpoints WHERE clinic_id = $1 ORDER BY created_at', [clinicOf(userOf(c).clinicId)]);
    return c.json({ endpoints: rows.map(toEndpoint) }, 200);
  });
  app.openapi(
    createRoute({ method: 'delete', path: '/v1/admin/webhooks/{endpointId}', tags, middleware: [adminOnly], request: { params: WebhookParams }, responses: { 204: { description: 'disabled: no further deliveries' } } }),
    async (c) => {
      const { endpointId } = c.req.valid('param');
      const r = await deps.db.query('UPDATE webhook_endpoints SET disabled_at = COALESCE(disabled_at, $3) WHERE id = $1 AND clinic_id = $2', [endpointId, clinicOf(userOf(c).clinicId), deps.clock.now()]);
      if (!r.rowCount) throw new NotFoundError('no such webhook endpoint');
      await auditRequest(c, deps, { action: 'webhook.disable', resource: `webhook/${endpointId}` });
      return c.body(null, 204);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/admin/webhook-dead-letters',
      tags,
      middleware: [adminOnly],
      request: { query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }) },
      responses: { 200: json(z.object({ deadLetters: z.array(DeadLetter) }), 'deliveries given up, newest first') },
    }),
    async (c) => {
      const { limit } = c.req.valid('query');
      const { rows } = await deps.db.query<{ id: string; endpoint_id: string; url: string; event_type: string; alert_id: string | null; attempts: number; last_status: number | null; last_error: string | null; created_at: Date; dead_at: Date | null }>(
        `SELECT d.id, d.endpoint_id, e.url, d.event_type, d.payload->'alert'->>'id' AS alert_id, d.attempts, d.last_status, d.last_error, d.created_at, d.dead_at
           FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
          WHERE d.clinic_id = $1 AND d.status = 'dead_letter' ORDER BY d.dead_at DESC LIMIT $2`,
        [clinicOf(userOf(c).clinicId), limit],
      );
      return c.json(
        {
          deadLetters: rows.map((r) => ({
            id: r.id,
            endpointId: r.endpoint_id,
            url: r.url,
            eventType: r.event_type,
            alertId: r.alert_id,
            attempts: r.attempts,
            lastStatus: r.last_status,
            lastError: r.last_error,
            createdAt: r.created_at.toISOString(),
            deadAt: r.dead_at?.toISOString() ?? null,
          })),
        },
        200,
      );
    },
  );
  return app;
}
