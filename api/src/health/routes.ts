import { createRoute, z } from '@hono/zod-openapi';
import type pg from 'pg';
import { createRouter } from '../http/openapi-app.ts';

const Health = z.object({ status: z.enum(['ok', 'unavailable']), checks: z.record(z.string(), z.string()).optional() }).openapi('Health');

/** Liveness (process answers) and readiness (database reachable). */
export function healthRoutes(deps: { db: pg.Pool }) {
  const app = createRouter();
  app.openapi(
    createRoute({ method: 'get', path: '/healthz', tags: ['operations'], responses: { 200: { description: 'alive', content: { 'application/json': { schema: Health } } } } }),
    (c) => c.json({ status: 'ok' as const }, 200),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/readyz',
      tags: ['operations'],
      responses: {
        200: { description: 'ready', content: { 'application/json': { schema: Health } } },
        503: { description: 'not ready', content: { 'application/json': { schema: Health } } },
      },
    }),
    async (c) => {
      try {
        await deps.db.query('SELECT 1');
        return c.json({ status: 'ok' as const, checks: { database: 'ok' } }, 200);
      } catch {
        return c.json({ status: 'unavailable' as const, checks: { database: 'unreachable' } }, 503);
      }
    },
  );
  return app;
}
