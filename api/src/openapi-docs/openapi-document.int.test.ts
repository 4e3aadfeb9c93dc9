import { Validator } from '@seriousme/openapi-schema-validator';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiHarness, type Harness } from '../../../test/support/api-harness.ts';
import { useTestDb } from '../../../test/support/db-fixture.ts';

const db = useTestDb();
let h: Harness;
let doc: { openapi: string; paths: Record<string, Record<string, { responses?: unknown }>>; components?: { securitySchemes?: Record<string, unknown> } };

/**
 * Routes deliberately not in the document, because they are not the API: the document itself, the
 * Swagger UI page and its files, and the web UI's HTML pages and static assets (web/src).
 */
const NOT_API = [/^GET \/openapi\.json$/, /^GET \/docs(\/|$)/, /^GET \/$/, /^GET \/signin$/, /^GET \/app(\/|$)/, /^GET \/assets\//];
/**
 * A route as `METHOD /path`, each segment holding a parameter reduced to `:`: Hono writes
 * `:id{regex}` (regexes may hold braces and literal suffixes such as `.ics`), OpenAPI `{id}.ics`.
 */
const routeKey = (method: string, path: string) => `${method.toUpperCase()} ${path.split('/').map((seg) => (seg.startsWith(':') || seg.includes('{') ? ':' : seg)).join('/')}`;
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

beforeAll(async () => {
  h = apiHarness(db().pool);
  const res = await h.request('/openapi.json');
  // the generator's own error names the route that broke the document
  if (res.status !== 200) h.app.getOpenAPI31Document({ openapi: '3.1.0', info: { title: 'diagnosis', version: '0' } });
  expect(res.status).toBe(200);
  doc = await res.json();
});

describe('OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc));
    expect(result.errors ?? [], JSON.stringify(result.errors ?? []).slice(0, 2000)).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('lists every route of the app (FHIR and Nightscout included), and no route the app lacks', () => {
    const documented = new Set(Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).filter((m) => HTTP_METHODS.includes(m)).map((m) => routeKey(m, path))));
    const mounted = h.app.routes.filter((r) => r.method !== 'ALL' && !NOT_API.some((re) => re.test(`${r.method} ${r.path}`)));
    const routes = new Set(mounted.map((r) => routeKey(r.method, r.path)));
    const api = [...routes];
    expect(api.filter((r) => !documented.has(r)), 'routes missing from /openapi.json').toEqual([]);
    expect([...documented].filter((d) => !routes.has(d)), 'documented operations without a route').toEqual([]);
    for (const r of ['GET /fhir/R4/Observation', 'GET /fhir/R4/Patient/:/$export', 'POST /api/v1/entries', 'GET /metrics']) expect(documented).toContain(r);
  });

  it('declares every security scheme its operations name', () => {
    const named = new Set(Object.values(doc.paths).flatMap((ops) => Object.values(ops).flatMap((op) => ((op as { security?: Array<Record<string, unknown>> }).security ?? []).flatMap((s) => Object.keys(s)))));
    for (const name of named) expect(doc.components?.securitySchemes?.[name], name).toBeDefined();
  });
});

describe('API reference UI at /docs', () => {
  it('serves Swagger UI from the package, under the app CSP, with no inline script', async () => {
    const page = await h.request('/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await page.text();
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBe(2);
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/src="\/docs\//);
      expect(body!.trim()).toBe('');
    }
    const bundle = await h.request('/docs/swagger-ui-bundle.js');
    expect(bundle.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await bundle.text()).length).toBeGreaterThan(500_000);
    expect(await (await h.request('/docs/swagger-initializer.js')).text()).toContain("url: '/openapi.json'");
    expect((await h.request('/docs/package.json')).status).toBe(404);
    expect((await h.request('/docs/..%2F..%2Fpackage.json')).status).toBe(404);
  });
});
