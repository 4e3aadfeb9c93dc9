import { Writable } from 'node:stream';
import { pino } from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../../db/src/seed.ts';
import { DEMO_PASSWORD, PATIENTS } from '../../../db/src/seed-data.ts';
import { apiHarness } from '../../../test/support/api-harness.ts';
import { useTestDb } from '../../../test/support/db-fixture.ts';
import { createApp } from '../app.ts';
import { freshClient, identityHarness } from './test-support.ts';

const db = useTestDb();

beforeAll(async () => {
  await seedDemo(db().pool);
});

const expectProblem = async (res: Response, status: number) => {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  expect(await res.json()).toMatchObject({ status, type: expect.stringMatching(/^https:\/\//), title: expect.any(String) });
};

describe('HTTP hardening', () => {
  it('sends secure headers on identity responses', async () => {
    const h = identityHarness(db().pool);
    const res = await h.request('/v1/auth/login', { json: { email: 'maria@demo.vitals', password: DEMO_PASSWORD }, headers: freshClient() });
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('allows credentialed CORS only from the public origin', async () => {
    const h = identityHarness(db().pool);
    const preflight = (origin: string) => h.request('/v1/auth/login', { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-csrf-token' } });
    const ours = await preflight('http://localhost:3000');
    expect(ours.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    expect(ours.headers.get('access-control-allow-credentials')).toBe('true');
    expect(ours.headers.get('access-control-allow-headers')).toContain('x-csrf-token');
    const theirs = await preflight('https://evil.example');
    expect(theirs.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers malformed JSON with 400 problem+json, not 500', async () => {
    const h = identityHarness(db().pool);
    for (const path of ['/v1/auth/login', '/v1/auth/activate', '/v1/auth/password-reset/request']) {
      await expectProblem(await h.app.request(path, { method: 'POST', headers: { 'content-type': 'application/json', ...freshClient() }, body: '{"email": "maria@' }), 400);
    }
  });

  it('refuses bodies that are not JSON (a cross-site form cannot post to the API) and missing bodies', async () => {
    const h = identityHarness(db().pool);
    await expectProblem(await h.app.request('/v1/auth/login', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'email=maria@demo.vitals' }), 415);
    await expectProblem(await h.app.request('/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'email=maria' }), 415);
    const empty = await h.app.request('/v1/auth/login', { method: 'POST' });
    expect([400, 415]).toContain(empty.status);
    expect(empty.headers.get('content-type')).toBe('application/problem+json');
  });

  it('answers invalid input with the fields at fault', async () => {
    const h = identityHarness(db().pool);
    const res = await h.request('/v1/auth/login', { json: { email: 'not-an-email' }, headers: freshClient() });
    expect(res.status).toBe(400);
    const paths = (await res.json()).errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['email', 'password']));
  });

  it('limits the body size with a 413 problem+json', async () => {
    const h = identityHarness(db().pool);
    const body = JSON.stringify({ email: 'maria@demo.vitals', password: 'x'.repeat(2 * 1024 * 1024) });
    await expectProblem(await h.app.request('/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(body.length) }, body }), 413);
  });

  it('keeps identifiers and secrets out of URLs: no route takes them as query or path parameters', async () => {
    const h = identityHarness(db().pool);
    const doc = await (await h.request('/openapi.json')).json();
    const forbidden = /^(mrn|dob|dateOfBirth|birthDate|email|password|code|activationCode|token|name)$/i;
    const offenders: string[] = [];
    for (const [path, ops] of Object.entries<Record<string, { parameters?: Array<{ name: string; in: string }> }>>(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        for (const p of op.parameters ?? []) {
          // FHIR's standard `code` search parameter is a LOINC/SNOMED code, not a secret
          const fhirCode = path.startsWith('/fhir/') && p.in === 'query' && p.name === 'code';
          if (forbidden.test(p.name) && !fhirCode) offenders.push(`${method} ${path} ${p.in}:${p.name}`);
        }
      }
    }
    expect(offenders).toEqual([]);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/auth/login', '/v1/auth/activate', '/v1/patients/{patientId}/proxies', '/v1/patients/{patientId}/access-log']));
  });

  it('writes no MRN, birth date, password or email address to the logs', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    const logger = pino({ level: 'trace' }, sink);
    // No mailer configured: emails are logged, the fallback the demo uses.
    const h = apiHarness(db().pool, { buildApp: (deps) => createApp({ ...deps, logger, identity: { trustProxyHops: 1 } }) });
    const lena = PATIENTS[4];
    const { code } = await (await h.request(`/v1/admin/patients/${lena.id}/activation-codes`, { json: {}, as: 'dr.chen@demo.vitals' })).json();
    const secret = 'lantern orchard violet 42';
    const res = await h.request('/v1/auth/activate', { json: { mrn: lena.mrn, dateOfBirth: lena.birthDate, activationCode: code, email: 'lena.s@example.org', password: secret }, headers: freshClient() });
    expect(res.status).toBe(201);
    await h.request('/v1/auth/login', { json: { email: 'lena.s@example.org', password: 'wrong password here' }, headers: freshClient() });
    const logged = lines.join('\n');
    expect(logged).toContain('email logged instead of sent');
    for (const phi of [lena.mrn, lena.birthDate, secret, 'lena.s@example.org', code]) expect(logged).not.toContain(phi);
  });
});
