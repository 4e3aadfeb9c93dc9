import { Hono } from 'hono';
import type pg from 'pg';
import type { Registry } from 'prom-client';

/**
 * /healthz (alive), /readyz (database reachable and the service started) and Prometheus /metrics,
 * on the operations port of a worker deployable (ingest, alerts).
 *
 * @param notReadyCheck - what /readyz names while `ready()` is false, e.g. `{ broker: 'starting' }`
 */
export function opsRoutes(deps: { db: pg.Pool; registry: Registry; ready: () => boolean; notReadyCheck: Record<string, string> }) {
  const app = new Hono();
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    try {
      await deps.db.query('SELECT 1');
    } catch {
      return c.json({ status: 'unavailable', checks: { database: 'unreachable' } }, 503);
    }
    return deps.ready() ? c.json({ status: 'ok' }) : c.json({ status: 'unavailable', checks: deps.notReadyCheck }, 503);
  });
  app.get('/metrics', async (c) => c.body(await deps.registry.metrics(), 200, { 'content-type': deps.registry.contentType }));
  return app;
}
