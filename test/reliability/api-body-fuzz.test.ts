/// <reference types="vite/client" />
/**
 * Hostile request bodies against every API route that takes one (issue #11): no input may crash
 * the server or get a 5xx, every rejection is RFC 9457 problem+json, and rejected input changes no
 * data.
 *
 * The routes come from the app itself, not a hand-kept list: every POST/PUT/PATCH/DELETE operation
 * of the OpenAPI document (with its requestBody schema), united with every mutating entry of the
 * authorization matrices (api/src/<feature>/authz-matrix.ts), which also say who may call a route
 * and give one valid request for it. A mutating route of the app in neither fails the first test.
 *
 * Per route, as an allowed principal: (a) arbitrary JSON; (b) mutations of the matrix's valid body
 * (wrong types, out-of-range numbers, long strings, bad dates, unknown enum values, missing and
 * extra properties), which must be rejected with a 4xx whenever the documented schema certainly
 * forbids them; (c) malformed bodies, wrong content types, empty and oversized bodies; (d) garbage
 * path parameters. Re-run a failure with the seed it prints: FUZZ_SEED=<seed> (FUZZ_RUNS=<n>).
 */
import pg from 'pg';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { CSRF_HEADER, SESSION_COOKIE } from '../../api/src/auth/authenticate.ts';
import { createSession } from '../../api/src/auth/sessions.ts';
import type { MatrixEntry, MatrixPrincipal } from '../../api/src/http/authz-matrix.ts';
import { createCsrfToken } from '../../api/src/identity/crypto/csrf.ts';
import { PROXY_GRANTABLE } from '../../api/src/policy/patient-access.ts';
import { seedDemo } from '../../db/src/seed.ts';
import { PATIENTS, USERS } from '../../db/src/seed-data.ts';
import { apiHarness, TEST_SESSION_SECRET, type Harness } from '../support/api-harness.ts';
import { useTestDb } from '../support/db-fixture.ts';
import {
  applyMutation,
  arbitraryJson,
  arbitraryMutation,
  malformedBodies,
  mutationBreaksSchema,
  pathsOf,
  schemaViolations,
  WRONG_CONTENT_TYPES,
  type Json,
  type Schema,
} from '../support/json-fuzz.ts';
import { createProxy } from '../support/portal-people.ts';
import { ADMIN_URL } from '../support/test-db.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_125);
const RUNS = Number(process.env.FUZZ_RUNS ?? 20);
const MUTATING = ['POST', 'PUT', 'PATCH', 'DELETE'] as const;
const MARIA = PATIENTS[0].id;

interface MatrixModule {
  authzMatrix?: MatrixEntry[];
  setupMatrixFixtures?: (env: { db: pg.Pool; patientId: string; now: Date }) => Promise<void>;
}
const modules = import.meta.glob<MatrixModule>('../../api/src/*/authz-matrix.ts', { eager: true });
const matrix = Object.values(modules).flatMap((m) => m.authzMatrix ?? []);

/** `METHOD /path` with every parameter reduced to `:` (Hono writes `:id`, OpenAPI `{id}`). */
const routeKey = (method: string, path: string) => `${method.toUpperCase()} ${path.split('/').map((seg) => (seg.startsWith(':') || seg.includes('{') ? ':' : seg)).join('/')}`;

interface OpenApiDoc {
  paths: Record<string, Record<string, { requestBody?: { required?: boolean; content?: Record<string, { schema?: Schema }> } }>>;
  components?: { schemas?: Record<string, Schema> };
}

/** The document and route table of an app built only to be read: its pool never connects. */
function describeApp(): { doc: OpenApiDoc; routes: string[] } {
  const idle = new pg.Pool({ connectionString: ADMIN_URL, max: 1 });
  const app = apiHarness(idle).app;
  const doc = app.getOpenAPI31Document({ openapi: '3.1.0', info: { title: 'fuzz', version: '0' } }) as unknown as OpenApiDoc;
  const routes = app.routes.filter((r) => (MUTATING as readonly string[]).includes(r.method)).map((r) => routeKey(r.method, r.path));
  void idle.end();
  return { doc, routes: [...new Set(routes)] };
}
const { doc: DOC, routes: APP_ROUTES } = describeApp();

/** `$ref`s resolved against the document's components. */
function resolve(s: Schema | undefined): Schema | undefined {
  for (let i = 0; s && typeof s.$ref === 'string' && i < 20; i++) s = DOC.components?.schemas?.[s.$ref.replace('#/components/schemas/', '')];
  return s;
}

type Principal = Exclude<MatrixPrincipal, 'break_glass' | 'proxy_without_scope' | 'proxy_expired'>;
/** Whom to fuzz a route as, most capable first; break-the-glass and limited proxies only narrow access. */
const PREFERENCE: readonly Principal[] = ['clinician_in_team', 'patient', 'admin', 'proxy_with_scope', 'other_patient', 'clinician_out_of_team', 'anonymous'];

interface Target {
  key: string;
  method: string;
  pattern: string;
  entry: MatrixEntry;
  schema: Schema | undefined;
  bodyRequired: boolean;
  principals: Principal[];
}

const documented = new Map<string, { schema: Schema | undefined; required: boolean; path: string }>();
for (const [path, ops] of Object.entries(DOC.paths)) {
  for (const [method, op] of Object.entries(ops)) {
    if (!(MUTATING as readonly string[]).includes(method.toUpperCase())) continue;
    documented.set(routeKey(method, path), { schema: op.requestBody?.content?.['application/json']?.schema, required: op.requestBody?.required === true, path });
  }
}
const byKey = new Map(matrix.filter((e) => e.method !== 'GET').map((e) => [routeKey(e.method, e.path), e] as const));
const TARGETS: Target[] = [...new Set([...documented.keys(), ...byKey.keys()])]
  .sort()
  .flatMap((key) => {
    const entry = byKey.get(key);
    if (!entry) return [];
    const op = documented.get(key);
    const principals = PREFERENCE.filter((p) => entry.allow.includes(p));
    return principals.length ? [{ key, method: entry.method, pattern: entry.path, entry, schema: op?.schema, bodyRequired: op?.required ?? false, principals }] : [];
  });

const db = useTestDb();
let h: Harness;
const userIds = {} as Record<Exclude<Principal, 'anonymous'>, string>;
const sessions = new Map<Principal, Record<string, string>>();
let countRows: () => Promise<Record<string, number>>;

/** Tables that denied requests may write by design: sessions, the audit trail, rate-limit counters. */
const BOOKKEEPING = /^(sessions|audit_log|audit_events|login_attempts|login_throttle|rate_limits?|auth_rate_limits|security_events)$/;

async function headersFor(p: Principal): Promise<Record<string, string>> {
  if (p === 'anonymous') return {};
  const cached = sessions.get(p);
  if (cached) return cached;
  const s = await createSession(db().pool, h.clock, { idleMinutes: 30, absoluteHours: 12 }, { userId: userIds[p], mfaPending: false });
  const headers = { cookie: `${SESSION_COOKIE}=${s.token}`, [CSRF_HEADER]: createCsrfToken(s.idHash, TEST_SESSION_SECRET) };
  sessions.set(p, headers);
  return headers;
}

interface Sent {
  path: string;
  body?: string;
  contentType?: string;
  as: Principal;
}

/** Send one request and return a description of what is wrong with the answer (null: nothing). */
async function send(t: Target, req: Sent, expect4xx: boolean): Promise<{ status: number; problem: string | null }> {
  const headers: Record<string, string> = { ...(await headersFor(req.as)) };
  if (req.contentType) headers['content-type'] = req.contentType;
  const res = await h.app.request(req.path, { method: t.method, headers, ...(req.body !== undefined ? { body: req.body } : {}) });
  // a route that signs out (or a rejected session) must not leave later requests anonymous
  if (res.status === 401) sessions.delete(req.as);
  const text = await res.text();
  const what = `${t.method} ${req.path} as ${req.as} -> ${res.status} ${text.slice(0, 300)}`;
  if (res.status >= 500) return { status: res.status, problem: `server error: ${what}` };
  if (expect4xx && res.status < 400) return { status: res.status, problem: `accepted invalid input: ${what}` };
  if (res.status >= 400) {
    const type = res.headers.get('content-type') ?? '';
    let body: { title?: unknown; status?: unknown } = {};
    try {
      body = JSON.parse(text);
    } catch {
      // reported below
    }
    if (!type.startsWith('application/problem+json') || typeof body.title !== 'string' || body.status !== res.status) return { status: res.status, problem: `not problem+json: ${what} (${type})` };
  }
  return { status: res.status, problem: null };
}

const validPath = (t: Target, as: Principal) => t.entry.request({ patientId: MARIA, userId: as === 'anonymous' ? '00000000-0000-4000-8000-00000000e0ff' : userIds[as] }).path;
const validBody = (t: Target, as: Principal) => t.entry.request({ patientId: MARIA, userId: as === 'anonymous' ? '00000000-0000-4000-8000-00000000e0ff' : userIds[as] }).json as Json | undefined;
const show = (body: string | undefined) => (body === undefined ? '(none)' : body.length > 400 ? `${body.slice(0, 400)}… (${body.length} chars)` : body);

/**
 * Values that pass a lax schema but that PostgreSQL refuses or overflows on: a NUL in text, numbers
 * beyond integer and numeric columns, a date beyond the timestamp range. Tried in every field.
 */
const DB_HOSTILE: Json[] = ['a\u0000b', 1e308, 2 ** 31, '275760-09-13T00:00:00.000Z'];

/** Path parameter values that name nothing, or are not ids at all. */
const GARBAGE_SEGMENTS = ['not-a-uuid', '0', '-1', '99999999999999999999999', '00000000-0000-0000-0000-000000000000', encodeURIComponent("' OR 1=1 --"), '%00', '%E0%A4%A', encodeURIComponent('😀'), 'x'.repeat(600), '..'];

beforeAll(async () => {
  const pool = db().pool;
  await seedDemo(pool);
  h = apiHarness(pool);
  const id = (email: string) => USERS.find((u) => u.email === email)!.id;
  Object.assign(userIds, {
    patient: id('maria@demo.vitals'),
    other_patient: id('james@demo.vitals'),
    clinician_in_team: id('nurse.patel@demo.vitals'),
    clinician_out_of_team: id('dr.outside@demo.vitals'),
    admin: id('admin@demo.vitals'),
    proxy_with_scope: await createProxy(pool, MARIA, { scopes: [...PROXY_GRANTABLE] }),
  });
  for (const m of Object.values(modules)) await m.setupMatrixFixtures?.({ db: pool, patientId: MARIA, now: h.clock.now() });
  const { rows } = await pool.query<{ sql: string }>(
    `SELECT string_agg(format('SELECT %L AS t, count(*)::int AS n FROM %I', tablename, tablename), ' UNION ALL ') AS sql FROM pg_tables WHERE schemaname = 'public'`,
  );
  countRows = async () => Object.fromEntries((await pool.query<{ t: string; n: number }>(rows[0]!.sql)).rows.filter((r) => !BOOKKEEPING.test(r.t)).map((r) => [r.t, r.n]));
});

describe('hostile request bodies', () => {
  it('knows every mutating route of the app: from OpenAPI, the authorization matrix, or both', () => {
    const known = new Set(TARGETS.map((t) => t.key));
    expect(APP_ROUTES.filter((r) => !known.has(r)), 'mutating routes nobody can fuzz (no matrix entry or no allowed principal)').toEqual([]);
    expect([...documented.keys()].filter((k) => !APP_ROUTES.includes(k)), 'documented operations without a route').toEqual([]);
    expect([...documented.entries()].filter(([, op]) => op.schema).length).toBeGreaterThan(60);
    expect(TARGETS.length).toBeGreaterThan(90);
  });

  it('documents the body each route really takes (the matrix example fits the OpenAPI schema)', () => {
    // e.g. three different schemas once shared the component name NotificationPreferences, so
    // PUT /v1/alerts/preferences was documented with the profile's body
    const misfits = TARGETS.flatMap((t) => {
      const example = validBody(t, t.principals[0]!);
      return t.schema && example !== undefined ? schemaViolations(t.schema, example, resolve).map((v) => `${t.key} ${v}`) : [];
    });
    expect(misfits).toEqual([]);
  });

  it('serves the same operations at GET /openapi.json that it was planned from', async () => {
    const served = (await (await h.app.request('/openapi.json')).json()) as OpenApiDoc;
    expect(Object.keys(served.paths).sort()).toEqual(Object.keys(DOC.paths).sort());
  });

  describe.each(TARGETS.map((t) => [t.key, t] as const))('%s', (_key, t) => {
    const as = t.principals[0]!;
    let before: Record<string, number>;
    let accepted = 0;
    const note = (status: number) => {
      if (status < 300) accepted++;
    };

    beforeAll(async () => {
      before = await countRows();
    });

    it('(a) arbitrary JSON', async () => {
      const knownKeys = Object.keys((resolve(t.schema)?.properties as object | undefined) ?? {});
      await fc.assert(
        fc.asyncProperty(arbitraryJson(knownKeys), fc.constantFrom(...t.principals), async (value, who) => {
          const body = JSON.stringify(value);
          const r = await send(t, { path: validPath(t, who), body, contentType: 'application/json', as: who }, false);
          note(r.status);
          if (r.problem) throw new Error(`${r.problem}\nbody: ${show(body)}`);
        }),
        { seed: SEED, numRuns: RUNS },
      );
    });

    it('(b) schema-shaped but wrong values', async () => {
      const example = validBody(t, as);
      if (example === undefined || !t.schema) return;
      await fc.assert(
        fc.asyncProperty(arbitraryMutation(example, t.schema, resolve), async (m) => {
          const mutated = applyMutation(example, m);
          const body = JSON.stringify(mutated);
          const r = await send(t, { path: validPath(t, as), body, contentType: 'application/json', as }, mutationBreaksSchema(t.schema, example, m, resolve));
          note(r.status);
          if (r.problem) throw new Error(`${r.problem}\nmutation: ${JSON.stringify(m).slice(0, 300)}\nbody: ${show(body)}`);
        }),
        { seed: SEED, numRuns: RUNS },
      );
    });

    it('(c) malformed, mistyped, empty and oversized bodies', async () => {
      const example = validBody(t, as);
      const path = validPath(t, as);
      const declared = t.schema !== undefined;
      const valid = JSON.stringify(example ?? {});
      // no body at all is read as `{}`: refused exactly when the documented schema refuses `{}`
      const emptyRefused = declared && schemaViolations(t.schema, {}, resolve).length > 0;
      const cases: Array<{ name: string; body?: string; contentType?: string; reject: boolean }> = [
        ...malformedBodies(example).map((m) => ({ name: m.name, body: m.body, contentType: 'application/json', reject: declared && m.invalid })),
        ...WRONG_CONTENT_TYPES.map((w) => ({ name: w.contentType, body: w.body(valid), contentType: w.contentType, reject: declared })),
        { name: 'JSON without a content type', body: valid, reject: declared },
        { name: 'empty body, JSON content type', body: '', contentType: 'application/json', reject: declared },
        { name: 'no body', reject: emptyRefused },
      ];
      const problems: string[] = [];
      for (const c of cases) {
        const r = await send(t, { path, as, ...(c.body !== undefined ? { body: c.body } : {}), ...(c.contentType ? { contentType: c.contentType } : {}) }, c.reject);
        note(r.status);
        if (r.problem) problems.push(`${c.name}: ${r.problem}`);
      }
      // over the body limit (1 MiB here; 21 MiB on the two message routes that carry attachments)
      const big = /message-threads|messages/.test(t.pattern) ? 22 * 1024 * 1024 : 10 * 1024 * 1024;
      const huge = await send(t, { path, as, body: `{"a":"${'x'.repeat(big)}"}`, contentType: 'application/json' }, true);
      if (huge.problem) problems.push(`10 MB body: ${huge.problem}`);
      else if (huge.status !== 413) problems.push(`10 MB body: expected 413, got ${huge.status}`);
      expect(problems).toEqual([]);
    });

    it('(d) garbage path parameters', async () => {
      const pattern = t.pattern.split('/');
      const params = pattern.flatMap((seg, i) => (seg.startsWith(':') ? [i] : []));
      if (!params.length) return;
      const example = validBody(t, as);
      const problems: string[] = [];
      for (const i of params) {
        for (const garbage of GARBAGE_SEGMENTS) {
          const segs = validPath(t, as).split('/');
          segs[i] = garbage;
          const r = await send(t, { path: segs.join('/'), as, ...(example !== undefined ? { body: JSON.stringify(example), contentType: 'application/json' } : {}) }, true);
          note(r.status);
          if (r.problem) problems.push(r.problem);
          else if (![400, 403, 404].includes(r.status)) problems.push(`${pattern[i]}=${garbage}: expected 400/403/404, got ${r.status}`);
        }
      }
      expect(problems).toEqual([]);
    });

    it('(e) every field of the valid body, set to a value databases refuse', async () => {
      const example = validBody(t, as);
      if (example === undefined || !t.schema) return;
      const problems: string[] = [];
      for (const path of pathsOf(example).slice(1)) {
        for (const value of DB_HOSTILE) {
          const m = { op: 'replace' as const, path, value };
          const body = JSON.stringify(applyMutation(example, m));
          const r = await send(t, { path: validPath(t, as), body, contentType: 'application/json', as }, mutationBreaksSchema(t.schema, example, m, resolve));
          note(r.status);
          if (r.problem) problems.push(`${r.problem}\n  body: ${show(body)}`);
        }
      }
      expect(problems).toEqual([]);
    });

    it('changed no data when it accepted nothing', async () => {
      if (accepted > 0) return;
      expect(await countRows()).toEqual(before);
    });
  });

  it('stays healthy afterwards', async () => {
    expect(await (await h.app.request('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await h.app.request('/readyz');
    expect(ready.status).toBe(200);
    expect(db().pool.waitingCount).toBe(0);
  });
});
