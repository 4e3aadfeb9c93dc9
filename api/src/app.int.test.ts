import { describe, expect, it } from 'vitest';
import { useTestDb } from '../../test/support/db-fixture.ts';
import { apiHarness } from '../../test/support/api-harness.ts';
import { seedDemo } from '../../db/src/seed.ts';

const db = useTestDb();

describe('API basics', () => {
  it('answers health and unknown paths with problem+json, with secure headers', async () => {
    const h = apiHarness(db().pool);
    const ok = await h.request('/healthz');
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(ok.headers.get('strict-transport-security')).toContain('max-age=');
    const nf = await h.request('/nope');
    expect(nf.status).toBe(404);
    expect(nf.headers.get('content-type')).toBe('application/problem+json');
    expect(await nf.json()).toMatchObject({ status: 404, title: 'Not Found' });
  });

  it('refuses an unknown bearer token with 401 problem+json', async () => {
    const h = apiHarness(db().pool);
    const r = await h.request('/healthz', { headers: { authorization: 'Bearer vt_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' } });
    expect(r.status).toBe(401);
    expect(r.headers.get('content-type')).toBe('application/problem+json');
  });

  it('refuses a cookie-authenticated POST without the CSRF token', async () => {
    await seedDemo(db().pool);
    const h = apiHarness(db().pool);
    const headers = await h.sessionHeaders('maria@demo.vitals');
    const r = await h.app.request('/healthz', { method: 'POST', headers: { cookie: headers.cookie! } });
    expect(r.status).toBe(403);
    expect(await r.json()).toMatchObject({ detail: 'missing or invalid CSRF token' });
  });
});
