import { createRoute } from '@hono/zod-openapi';
import { createRouter } from '../http/openapi-app.ts';
import { securityOf } from '../openapi-docs/security-schemes.ts';
import type { ApiMetrics } from './api-metrics.ts';
import { assertMayReadMetrics } from './metrics-access.ts';

export { createApiMetrics, type ApiMetrics } from './api-metrics.ts';

/**
 * GET /metrics: the Prometheus exposition of this instance (docs/api-operations.md). Mount the
 * metrics middleware itself first in the app, so it counts every request.
 */
export function opsRoutes(deps: { metrics: ApiMetrics }) {
  const app = createRouter();
  const route = createRoute({
    method: 'get',
    path: '/metrics',
    tags: ['operations'],
    summary: 'Prometheus metrics: request count and latency by route pattern and status, process metrics',
    description: 'Served to a direct loopback caller (no forwarding header) or to an administrator (session or API token).',
    security: securityOf(app, ['bearer', 'session']),
    responses: { 200: { description: 'Prometheus text exposition format', content: { 'text/plain': { schema: { type: 'string' } } } } },
  });
  app.openAPIRegistry.registerPath(route);
  app.get('/metrics', async (c) => {
    assertMayReadMetrics(c);
    return c.body(await deps.metrics.registry.metrics(), 200, { 'content-type': deps.metrics.registry.contentType, 'cache-control': 'no-store' });
  });
  return app;
}
