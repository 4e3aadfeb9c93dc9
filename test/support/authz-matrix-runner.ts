/// <reference types="vite/client" />
/**
 * The authorization matrix: every route of the API, requested as every kind of principal. One
 * runner for two targets — the app in-process (test/authz-matrix.int.test.ts) and the API
 * deployable as a running process over real HTTP (test/reliability/authz-running.test.ts) — so
 * the enumeration and the expectations cannot drift apart.
 *
 * Each feature folder exports `authzMatrix` from `api/src/<feature>/authz-matrix.ts` (collected
 * here by glob, so new features are picked up without editing this file) and may export
 * `setupMatrixFixtures({ db, patientId, now })` for rows its destructive entries act on. A route
 * fails when an allowed principal gets 401/403, when a denied one gets anything but 401
 * (anonymous) or 403/404, and when anyone gets a 5xx.
 *
 * Every request gets a fresh session, so a route that signs out harms no later request, and the
 * break-the-glass state is reset before each request (Dr. Haddad is `clinician_out_of_team`
 * without a grant and `break_glass` with one; an admin who broke the glass loses it again).
 */
import type pg from 'pg';
import { beforeAll, expect, it } from 'vitest';
import type { Clock } from '../../common/src/clock.ts';
import { CSRF_HEADER, SESSION_COOKIE } from '../../api/src/auth/authenticate.ts';
import { createSession } from '../../api/src/auth/sessions.ts';
import { MATRIX_PRINCIPALS, type MatrixEntry, type MatrixPrincipal } from '../../api/src/http/authz-matrix.ts';
import { createCsrfToken } from '../../api/src/identity/crypto/csrf.ts';
import { PROXY_GRANTABLE } from '../../api/src/policy/patient-access.ts';
import { seedDemo } from '../../db/src/seed.ts';
import { PATIENTS, USERS } from '../../db/src/seed-data.ts';

interface MatrixModule {
  authzMatrix?: MatrixEntry[];
  setupMatrixFixtures?: (env: { db: pg.Pool; patientId: string; now: Date }) => Promise<void>;
}

const modules = import.meta.glob<MatrixModule>('../../api/src/*/authz-matrix.ts', { eager: true });
/** Every matrix entry of every feature, with the file it comes from. */
export const matrixEntries = Object.entries(modules).flatMap(([file, m]) => (m.authzMatrix ?? []).map((entry) => ({ file: file.replace('../../', ''), entry })));

/** Where the matrix requests go: the app in-process or a running API. Must not follow redirects. */
export interface MatrixTarget {
  send(path: string, init: RequestInit): Promise<Response>;
  /** The clock the API judges sessions, grants and expiries by. */
  clock: Clock;
  /** The API's SESSION_SECRET, to sign the CSRF tokens of the sessions made here. */
  sessionSecret: string;
}

const MARIA = PATIENTS[0]!.id;
const userId = (email: string) => USERS.find((u) => u.email === email)!.id;

/** Proxy users and grants made for the matrix; ids fixed so requests can be traced in the audit log. */
const PROXIES = {
  proxy_with_scope: { userId: '00000000-0000-4000-8000-00000000e001', grantId: '00000000-0000-4000-8000-00000000e101' },
  proxy_without_scope: { userId: '00000000-0000-4000-8000-00000000e002', grantId: '00000000-0000-4000-8000-00000000e102' },
  proxy_expired: { userId: '00000000-0000-4000-8000-00000000e003', grantId: '00000000-0000-4000-8000-00000000e103' },
} as const;

const PRINCIPAL_USERS: Record<Exclude<MatrixPrincipal, 'anonymous'>, string> = {
  patient: userId('maria@demo.vitals'),
  other_patient: userId('james@demo.vitals'),
  proxy_with_scope: PROXIES.proxy_with_scope.userId,
  proxy_without_scope: PROXIES.proxy_without_scope.userId,
  proxy_expired: PROXIES.proxy_expired.userId,
  clinician_in_team: userId('nurse.patel@demo.vitals'),
  clinician_out_of_team: userId('dr.outside@demo.vitals'),
  break_glass: userId('dr.outside@demo.vitals'),
  admin: userId('admin@demo.vitals'),
};

const ANONYMOUS_CONTEXT_USER = '00000000-0000-4000-8000-00000000e0ff';

async function setUpPrincipals(pool: pg.Pool, now: Date): Promise<void> {
  const day = 86_400_000;
  for (const [name, p] of Object.entries(PROXIES)) {
    await pool.query(`INSERT INTO users (id, email, display_name, role) VALUES ($1, $2, $3, 'proxy')`, [p.userId, `${name.replaceAll('_', '.')}@matrix.test`, `Matrix ${name}`]);
    const expired = name === 'proxy_expired';
    await pool.query(
      `INSERT INTO proxy_grants (id, proxy_user_id, patient_id, relationship, scopes, expires_at, created_at) VALUES ($1, $2, $3, 'caregiver', $4, $5, $6)`,
      [p.grantId, p.userId, MARIA, PROXY_GRANTABLE, new Date(now.getTime() + (expired ? -day : 30 * day)), new Date(now.getTime() - 60 * day)],
    );
  }
}

/** `proxy_with_scope` holds exactly the entry's scope and `proxy_without_scope` every other one (no scope: all / none). */
async function grantScopesFor(pool: pg.Pool, entry: MatrixEntry): Promise<void> {
  const scope = entry.proxyScope;
  const others = PROXY_GRANTABLE.filter((s) => s !== scope);
  await pool.query('UPDATE proxy_grants SET scopes = $2 WHERE id = $1', [PROXIES.proxy_with_scope.grantId, scope ? [scope] : PROXY_GRANTABLE]);
  await pool.query('UPDATE proxy_grants SET scopes = $2 WHERE id = $1', [PROXIES.proxy_without_scope.grantId, scope ? others : []]);
}

/** End every live emergency access to Maria, then give one to Dr. Haddad when he plays `break_glass`. */
async function resetBreakGlass(pool: pg.Pool, principal: MatrixPrincipal, now: Date): Promise<void> {
  await pool.query('UPDATE break_glass SET expires_at = $2 WHERE patient_id = $1 AND expires_at > $2', [MARIA, now]);
  if (principal === 'break_glass') {
    await pool.query(`INSERT INTO break_glass (clinician_id, patient_id, reason, granted_at, expires_at) VALUES ($1, $2, 'matrix: emergency access', $3, $4)`, [
      PRINCIPAL_USERS.break_glass,
      MARIA,
      now,
      new Date(now.getTime() + 3_600_000),
    ]);
  }
}

/** A fresh signed-in session (MFA done) for a user, as cookie and CSRF headers. */
export async function sessionHeaders(pool: pg.Pool, target: Pick<MatrixTarget, 'clock' | 'sessionSecret'>, userId: string): Promise<Record<string, string>> {
  const s = await createSession(pool, target.clock, { idleMinutes: 30, absoluteHours: 12 }, { userId, mfaPending: false });
  return { cookie: `${SESSION_COOKIE}=${s.token}`, [CSRF_HEADER]: createCsrfToken(s.idHash, target.sessionSecret) };
}

const headersFor = (pool: pg.Pool, target: MatrixTarget, principal: MatrixPrincipal) => (principal === 'anonymous' ? Promise.resolve({}) : sessionHeaders(pool, target, PRINCIPAL_USERS[principal]));

/** The status each principal got that breaks the entry's rule (empty when the route keeps it). */
async function checkEntry(pool: pg.Pool, target: MatrixTarget, entry: MatrixEntry): Promise<string[]> {
  await grantScopesFor(pool, entry);
  const wrong: string[] = [];
  for (const principal of MATRIX_PRINCIPALS) {
    await resetBreakGlass(pool, principal, target.clock.now());
    const req = entry.request({ patientId: MARIA, userId: principal === 'anonymous' ? ANONYMOUS_CONTEXT_USER : PRINCIPAL_USERS[principal] });
    const headers: Record<string, string> = await headersFor(pool, target, principal);
    if (req.json !== undefined) headers['content-type'] = 'application/json';
    const res = await target.send(req.path, { method: entry.method, headers, ...(req.json !== undefined ? { body: JSON.stringify(req.json) } : {}) });
    const allowed = entry.allow.includes(principal);
    const ok = res.status < 500 && (allowed ? res.status !== 401 && res.status !== 403 : principal === 'anonymous' ? res.status === 401 : res.status === 403 || res.status === 404);
    // cancel, not read: an allowed event stream (SSE) would not end; over HTTP this also frees the socket
    if (ok) await res.body?.cancel();
    else wrong.push(`${principal} (${allowed ? 'allowed' : 'denied'}) got ${res.status}: ${(await res.text()).slice(0, 200)}`);
  }
  return wrong;
}

/**
 * Declare the matrix tests in the calling file: seed the demo, the matrix principals and the
 * features' fixtures in the test database, then start the target and run one test per entry.
 *
 * @param pool - the test database (a getter: valid inside hooks)
 * @param start - builds the target once the database is seeded (a running API reads it from the start)
 * @param setupTimeoutMs - for seeding plus `start` (starting processes takes longer than building an app)
 */
export function runAuthzMatrix(pool: () => pg.Pool, clock: Clock, start: () => Promise<MatrixTarget> | MatrixTarget, setupTimeoutMs?: number): void {
  let target: MatrixTarget;
  beforeAll(async () => {
    await seedDemo(pool());
    const now = clock.now();
    await setUpPrincipals(pool(), now);
    for (const m of Object.values(modules)) await m.setupMatrixFixtures?.({ db: pool(), patientId: MARIA, now });
    target = await start();
  }, setupTimeoutMs);

  it.each(matrixEntries.map(({ file, entry }) => [`${entry.method} ${entry.path}`, file, entry] as const))('%s (%s)', async (_name, _file, entry) => {
    expect(await checkEntry(pool(), target, entry)).toEqual([]);
  });
}
