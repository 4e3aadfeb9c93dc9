import { beforeAll, describe, expect, it } from 'vitest';
import { listen } from '../../../common/src/http-server.ts';
import { apiHarness, type Harness } from '../../../test/support/api-harness.ts';
import { useTestDb } from '../../../test/support/db-fixture.ts';
import { seedDemo } from '../../../db/src/seed.ts';
import { PATIENTS } from '../../../db/src/seed-data.ts';

const db = useTestDb();
let h: Harness;

beforeAll(async () => {
  await seedDemo(db().pool);
  h = apiHarness(db().pool);
});

/** The value of one series in a Prometheus text exposition, or undefined. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && want.every((w) => l.includes(w)));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : undefined;
}

describe('API metrics', () => {
  it('count requests and latency by route pattern and status, never by concrete path', async () => {
    await h.request('/healthz');
    await h.request('/healthz');
    await h.request(`/v1/patients/${PATIENTS[0].id}/devices`, { as: 'maria@demo.vitals' });
    await h.request(`/v1/patients/${PATIENTS[1].id}/devices`, { as: 'maria@demo.vitals' });
    await h.request('/no/such/path');
    const res = await h.request('/metrics', { as: 'admin@demo.vitals' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(sample(text, 'vitals_api_http_requests_total', { method: 'GET', route: '/healthz', status: '200' })).toBe(2);
    expect(sample(text, 'vitals_api_http_requests_total', { route: '/v1/patients/:patientId/devices', status: '200' })).toBe(1);
    expect(sample(text, 'vitals_api_http_requests_total', { route: '/v1/patients/:patientId/devices', status: '403' })).toBe(1);
    expect(sample(text, 'vitals_api_http_requests_total', { route: '(unmatched)', status: '404' })).toBe(1);
    expect(sample(text, 'vitals_api_http_request_duration_seconds_count', { route: '/healthz', status: '200' })).toBe(2);
    expect(text).not.toContain(PATIENTS[0].id);
    expect(text).toContain('vitals_api_process_cpu_seconds_total');
  });

  it('keep one registry per app instance', async () => {
    const other = apiHarness(db().pool);
    const text = await (await other.request('/metrics', { as: 'admin@demo.vitals' })).text();
    expect(sample(text, 'vitals_api_http_requests_total', { route: '/healthz' })).toBeUndefined();
  });
});

describe('GET /metrics access', () => {
  it('is refused to anonymous remote callers and to non-administrators', async () => {
    expect((await h.request('/metrics')).status).toBe(401);
    expect((await h.request('/metrics', { as: 'nurse.patel@demo.vitals' })).status).toBe(403);
  });

  it('is served to a direct loopback scraper, but not through a proxy on the same host', async () => {
    const server = await listen(h.app.fetch, { port: 0, host: '127.0.0.1' });
    try {
      expect((await fetch(`${server.url}/metrics`)).status).toBe(200);
      expect((await fetch(`${server.url}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.7' } })).status).toBe(401);
    } finally {
      await server.close();
    }
  });
});
