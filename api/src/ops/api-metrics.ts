import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** What a request is counted under when no route matched (keeps label values bounded). */
export const UNMATCHED_ROUTE = '(unmatched)';

/**
 * The route pattern a request matched (`/v1/patients/:patientId/readings`), never its concrete
 * path: patient ids in labels would leak identifiers and grow the series without bound.
 */
export function routeLabel(c: Context): string {
  return matchedRoutes(c).filter((r) => r.method !== 'ALL').at(-1)?.path ?? UNMATCHED_ROUTE;
}

/**
 * Prometheus metrics of one API instance, on its own registry (no global default registry, so
 * several apps in one process, as in tests, never share counters): process metrics, and request
 * count and latency by method, route pattern and status.
 */
export function createApiMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'vitals_api_' });
  const labelNames = ['method', 'route', 'status'] as const;
  const requests = new Counter({ name: 'vitals_api_http_requests_total', help: 'HTTP requests answered', labelNames, registers: [registry] });
  const duration = new Histogram({
    name: 'vitals_api_http_request_duration_seconds',
    help: 'HTTP request latency until the response headers (streamed bodies excluded)',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  /** Mount first, so it times everything after it, authentication and errors included. */
  const middleware: MiddlewareHandler = async (c, next) => {
    const end = duration.startTimer();
    try {
      await next();
    } finally {
      const labels = { method: c.req.method, route: routeLabel(c), status: String(c.res.status) };
      requests.inc(labels);
      end(labels);
    }
  };
  return { registry, middleware };
}
export type ApiMetrics = ReturnType<typeof createApiMetrics>;
