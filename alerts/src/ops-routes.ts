import { Hono } from 'hono';
import type pg from 'pg';
import type { Registry } from 'prom-client';

/** /healthz (alive), /readyz (database reachable, workers started) and Prometheus /metrics of one alerts instance. */
export function opsRoutes(deps: { db: pg.Pool; registry: Registry; ready: () => boolean }) {
  const app = new Hono();
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    try {
      await deps.db.query('SELECT 1');
    } catch {
      return c.json({ status: 'unavailable', checks: { database: 'unreachable' } }, 503);
    }
    return deps.ready() ? c.json({ status: 'ok' }) : c.json({ status: 'unavailable', checks: { workers: 'starting' } }, 503);
  });
  app.get('/metrics', async (c) => c.body(await deps.registry.metrics(), 200, { 'content-type': deps.registry.contentType }));
  return app;
}
