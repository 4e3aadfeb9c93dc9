import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { expect } from 'vitest';
import { CLINIC, USERS, type SeedUser } from '../../../db/src/seed-data.ts';
import { apiHarness, type Harness } from '../../../test/support/api-harness.ts';
import { createApp } from '../app.ts';
import { CSRF_HEADER, SESSION_COOKIE } from '../auth/authenticate.ts';
import type { UserPrincipal } from '../auth/principal.ts';
import { createMemoryMailer, type MemoryMailer } from './mail/mailer.ts';

/** The API with an in-memory mailer, trusting one proxy hop so each test can be its own client address. */
export function identityHarness(db: pg.Pool, config: { SESSION_SECRET?: string; RECOVERY_CODE_PEPPERS?: string } = {}): Harness & { mailer: MemoryMailer } {
  const mailer = createMemoryMailer();
  const h = apiHarness(db, { buildApp: (deps) => createApp({ ...deps, config: { ...deps.config, ...config }, identity: { mailer, trustProxyHops: 1 } }) });
  return Object.assign(h, { mailer });
}

/** A client address of its own (random, in the IPv6 documentation range) so per-address rate limits do not leak between tests. */
export function freshClient(): Record<string, string> {
  const hex = randomBytes(4).toString('hex');
  return { 'x-forwarded-for': `2001:db8::${hex.slice(0, 4)}:${hex.slice(4)}` };
}

/** The session cookie a response set, or null. */
export function sessionCookieOf(res: Response): string | null {
  const m = new RegExp(`${SESSION_COOKIE}=([^;]*)`).exec(res.headers.get('set-cookie') ?? '');
  return m && m[1] ? m[1] : null;
}

/** Cookie and CSRF headers from a sign-in response (login, MFA verify, enrolment confirm). */
export async function sessionFrom(res: Response): Promise<Record<string, string>> {
  expect(res.status, await res.clone().text()).toBe(200);
  const body = (await res.json()) as { csrfToken: string };
  const cookie = sessionCookieOf(res);
  expect(cookie).toBeTruthy();
  return { cookie: `${SESSION_COOKIE}=${cookie}`, [CSRF_HEADER]: body.csrfToken };
}

/** POST /v1/auth/login from a client address; returns the raw response. */
export function login(h: Harness, email: string, password: string, client: Record<string, string> = freshClient()): Promise<Response> {
  return h.request('/v1/auth/login', { json: { email, password }, headers: client });
}

/** The link token in the newest email to `to`. */
export function tokenInMail(mailer: MemoryMailer, to: string): string {
  const text = mailer.lastTo(to)?.text ?? '';
  const m = /#token=([A-Za-z0-9_-]+)/.exec(text);
  if (!m) throw new Error(`no token in the newest email to ${to}`);
  return decodeURIComponent(m[1]!);
}

/** A seeded demo user and the principal a browser session of theirs resolves to (for calling the policy directly). */
export function seededPrincipal(email: string): { user: SeedUser; principal: UserPrincipal } {
  const user = USERS.find((u) => u.email === email);
  if (!user) throw new Error(`no seeded user ${email}`);
  return { user, principal: { kind: 'user', userId: user.id, role: user.role, clinicId: CLINIC.id, patientId: user.patientId ?? null, via: 'session', scopes: 'all', mfa: true } };
}
