import type pg from 'pg';
import { ManualClock } from '../../common/src/clock.ts';
import { silentLogger } from '../../common/src/logger.ts';
import { createApp, type App } from '../../api/src/app.ts';
import { SESSION_COOKIE, CSRF_HEADER } from '../../api/src/auth/authenticate.ts';
import { createSession } from '../../api/src/auth/sessions.ts';
import { createCsrfToken } from '../../api/src/identity/crypto/csrf.ts';
import { USERS } from '../../db/src/seed-data.ts';

export const TEST_SESSION_SECRET = 'test-session-secret-0123456789abcdef';

export interface Harness {
  app: App;
  clock: ManualClock;
  /** Request as a seeded user (by email) or anonymously; JSON bodies are serialised. */
  request(path: string, init?: { method?: string; json?: unknown; headers?: Record<string, string>; as?: string }): Promise<Response>;
  /** A signed-in session (MFA done) for a user id or seeded email: cookie and CSRF headers. */
  sessionHeaders(user: string): Promise<Record<string, string>>;
}

/**
 * The API app on a test database with a manual clock, plus signed-in sessions for the demo users
 * (created directly, so feature tests do not depend on the login flow).
 */
export function apiHarness(db: pg.Pool, opts: { clock?: ManualClock; buildApp?: (deps: Parameters<typeof createApp>[0]) => App } = {}): Harness {
  const clock = opts.clock ?? new ManualClock(new Date('2026-06-01T12:00:00Z'));
  const deps = {
    db,
    clock,
    logger: silentLogger(),
    config: { PUBLIC_URL: 'http://localhost:3000', MAX_BODY_BYTES: 1024 * 1024, SESSION_SECRET: TEST_SESSION_SECRET, SESSION_IDLE_MINUTES: 30, SESSION_ABSOLUTE_HOURS: 12 },
  };
  const app = (opts.buildApp ?? createApp)(deps);
  const cache = new Map<string, Record<string, string>>();
  const sessionHeaders = async (user: string) => {
    const userId = USERS.find((u) => u.email === user)?.id ?? user;
    const cached = cache.get(userId);
    if (cached) return cached;
    const s = await createSession(db, clock, { idleMinutes: 30, absoluteHours: 12 }, { userId, mfaPending: false });
    const headers = { cookie: `${SESSION_COOKIE}=${s.token}`, [CSRF_HEADER]: createCsrfToken(s.idHash, TEST_SESSION_SECRET) };
    cache.set(userId, headers);
    return headers;
  };
  return {
    app,
    clock,
    sessionHeaders,
    async request(path, init = {}) {
      const headers: Record<string, string> = { ...(init.as ? await sessionHeaders(init.as) : {}), ...(init.headers ?? {}) };
      let body: string | undefined;
      if (init.json !== undefined) {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(init.json);
      }
      return app.request(path, { method: init.method ?? (body ? 'POST' : 'GET'), headers, ...(body !== undefined ? { body } : {}) });
    },
  };
}
