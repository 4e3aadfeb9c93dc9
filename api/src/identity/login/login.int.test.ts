import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../../../db/src/seed.ts';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../../../db/src/seed-data.ts';
import { useTestDb } from '../../../../test/support/db-fixture.ts';
import { totp } from '../crypto/totp.ts';
import { freshClient, identityHarness, login, sessionFrom } from '../test-support.ts';

const db = useTestDb();
const STEP_MS = 30_000;

beforeAll(async () => {
  await seedDemo(db().pool);
});

describe('POST /v1/auth/login', () => {
  it('signs a patient in with an http-only SameSite=Lax cookie and a CSRF token', async () => {
    const h = identityHarness(db().pool);
    const res = await login(h, 'MARIA@demo.vitals', DEMO_PASSWORD);
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/); // PUBLIC_URL is http in the harness
    const body = await res.clone().json();
    expect(body).toMatchObject({ mfaRequired: false, mfaEnrolmentRequired: false, user: { email: 'maria@demo.vitals', role: 'patient' } });
    const session = await h.request('/v1/auth/session', { headers: await sessionFrom(res) });
    expect(await session.json()).toMatchObject({ via: 'session', user: { displayName: 'Maria Garcia' } });
  });

  it('answers an unknown email exactly like a wrong password, taking similar time', async () => {
    const h = identityHarness(db().pool);
    const client = freshClient();
    const time = async (email: string) => {
      const started = performance.now();
      const res = await login(h, email, 'not the password at all', client);
      return { ms: performance.now() - started, status: res.status, body: await res.json() };
    };
    // interleaved samples, compared by their minimum: the least disturbed by a busy machine
    const wrong: Array<Awaited<ReturnType<typeof time>>> = [];
    const unknown: Array<Awaited<ReturnType<typeof time>>> = [];
    for (let i = 0; i < 4; i++) {
      wrong.push(await time('james@demo.vitals'));
      unknown.push(await time('nobody@demo.vitals'));
    }
    expect(unknown[0]!.status).toBe(401);
    expect(unknown[0]!.body).toEqual(wrong[0]!.body);
    // Both run one argon2id verification (dummyVerify for the unknown email): within a factor of 3.
    const median = (xs: { ms: number }[]) => Math.min(...xs.map((x) => x.ms));
    expect(median(unknown) / median(wrong)).toBeGreaterThan(1 / 3);
    expect(median(unknown) / median(wrong)).toBeLessThan(3);
  });

  it('locks the account after 5 failures, refuses even the right password, and unlocks after 15 minutes', async () => {
    const h = identityHarness(db().pool);
    for (let i = 0; i < 5; i++) expect((await login(h, 'aiko@demo.vitals', 'wrong password ' + i)).status).toBe(401);
    const locked = await login(h, 'aiko@demo.vitals', DEMO_PASSWORD);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(14 * 60);
    expect(locked.headers.get('content-type')).toBe('application/problem+json');
    h.clock.advance(15 * 60_000 + 1000);
    expect((await login(h, 'aiko@demo.vitals', DEMO_PASSWORD)).status).toBe(200);
  });

  it('locks unknown emails the same way, so a lockout reveals nothing', async () => {
    const h = identityHarness(db().pool);
    for (let i = 0; i < 5; i++) await login(h, 'ghost@demo.vitals', 'whatever-' + i);
    expect((await login(h, 'ghost@demo.vitals', 'whatever')).status).toBe(429);
  });

  it('limits attempts per client address (burst of 20)', async () => {
    const h = identityHarness(db().pool);
    const client = freshClient();
    const statuses = [];
    for (let i = 0; i < 21; i++) statuses.push((await login(h, `spray${i}@demo.vitals`, 'guess', client)).status);
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses[20]).toBe(429);
  });

  it('sets the Secure flag when the public origin is https', async () => {
    const { createApp } = await import('../../app.ts');
    const { apiHarness } = await import('../../../../test/support/api-harness.ts');
    const h = apiHarness(db().pool, { buildApp: (deps) => createApp({ ...deps, config: { ...deps.config, PUBLIC_URL: 'https://portal.example.org' } }) });
    const res = await h.request('/v1/auth/login', { json: { email: 'samuel@demo.vitals', password: DEMO_PASSWORD }, headers: freshClient() });
    expect(res.headers.get('set-cookie')).toMatch(/; Secure/);
  });
});

describe('second factor', () => {
  /** Sign in with the password; the session then owes the TOTP code. */
  async function pendingSession(h: ReturnType<typeof identityHarness>, email: string) {
    const res = await login(h, email, DEMO_PASSWORD);
    const body = await res.clone().json();
    expect(body).toMatchObject({ mfaRequired: true, mfaEnrolmentRequired: false });
    return sessionFrom(res);
  }
  const code = (h: ReturnType<typeof identityHarness>, offsetSteps = 0) => totp(DEMO_TOTP_SECRET, h.clock.now().getTime() + offsetSteps * STEP_MS);

  it('keeps TOTP secrets encrypted at rest: a seeded clear-text secret is sealed on first use and still verifies', async () => {
    const h = identityHarness(db().pool);
    // a clinician of its own, so no other test's used TOTP step interferes
    await db().pool.query(
      `INSERT INTO users (id, clinic_id, email, display_name, role, password_hash, email_verified_at, totp_secret, mfa_enrolled_at)
       SELECT gen_random_uuid(), clinic_id, 'nurse.lee@demo.vitals', 'Nurse Lee', role, password_hash, email_verified_at, totp_secret, mfa_enrolled_at FROM users WHERE email = 'dr.chen@demo.vitals'`,
    );
    const stored = async () => (await db().pool.query<{ totp_secret: string }>(`SELECT totp_secret FROM users WHERE email = 'nurse.lee@demo.vitals'`)).rows[0]!.totp_secret;
    expect(await stored()).toBe(DEMO_TOTP_SECRET);
    const first = await h.request('/v1/auth/mfa/verify', { json: { code: code(h) }, headers: await pendingSession(h, 'nurse.lee@demo.vitals') });
    expect(first.status).toBe(200);
    const sealed = await stored();
    expect(sealed).toMatch(/^v1\.derived\./);
    expect(sealed).not.toContain(DEMO_TOTP_SECRET);
    h.clock.advance(STEP_MS);
    const second = await h.request('/v1/auth/mfa/verify', { json: { code: code(h) }, headers: await pendingSession(h, 'nurse.lee@demo.vitals') });
    expect(second.status).toBe(200);
    expect(await stored()).toBe(sealed); // already current: not re-written
  });

  it('gives clinicians a session that can do nothing but finish MFA', async () => {
    const h = identityHarness(db().pool);
    const pending = await pendingSession(h, 'dr.chen@demo.vitals');
    expect((await h.request('/v1/auth/sessions', { headers: pending })).status).toBe(401);
    const who = await h.request('/v1/auth/session', { headers: pending });
    expect(who.status).toBe(401);
    const problem = await who.json();
    expect(problem).toMatchObject({ mfaPending: true, csrfToken: expect.any(String) });
    // After a reload the page gets a new CSRF token from /session and can still finish.
    const done = await h.request('/v1/auth/mfa/verify', { json: { code: code(h) }, headers: { ...pending, 'x-csrf-token': problem.csrfToken } });
    const full = await sessionFrom(done);
    expect(full.cookie).not.toBe(pending.cookie); // a new session id after the second factor
    expect((await h.request('/v1/auth/sessions', { headers: full })).status).toBe(200);
    expect((await h.request('/v1/auth/sessions', { headers: pending })).status).toBe(401); // the pending one is gone
  });

  it('accepts one step of clock drift either way and refuses two', async () => {
    const h = identityHarness(db().pool);
    h.clock.advance(10 * STEP_MS);
    for (const [offset, status] of [[-2, 401], [2, 401], [-1, 200]] as const) {
      const pending = await pendingSession(h, 'dr.johnson@demo.vitals');
      expect((await h.request('/v1/auth/mfa/verify', { json: { code: code(h, offset) }, headers: pending })).status, `offset ${offset}`).toBe(status);
    }
    h.clock.advance(5 * STEP_MS);
    const pending = await pendingSession(h, 'dr.johnson@demo.vitals');
    expect((await h.request('/v1/auth/mfa/verify', { json: { code: code(h, 1) }, headers: pending })).status).toBe(200);
  });

  it('refuses a code that was already used (replay)', async () => {
    const h = identityHarness(db().pool);
    h.clock.advance(20 * STEP_MS);
    const first = await pendingSession(h, 'nurse.patel@demo.vitals');
    const used = code(h);
    expect((await h.request('/v1/auth/mfa/verify', { json: { code: used }, headers: first })).status).toBe(200);
    const second = await pendingSession(h, 'nurse.patel@demo.vitals');
    const replay = await h.request('/v1/auth/mfa/verify', { json: { code: used }, headers: second });
    expect(replay.status).toBe(401);
  });

  it('counts wrong codes towards the account lockout, which a correct password does not reset', async () => {
    const h = identityHarness(db().pool);
    const pending = await pendingSession(h, 'admin@demo.vitals');
    for (let i = 0; i < 4; i++) expect((await h.request('/v1/auth/mfa/verify', { json: { code: '000000' }, headers: pending })).status).toBe(401);
    const again = await pendingSession(h, 'admin@demo.vitals'); // right password: failures are kept
    expect((await h.request('/v1/auth/mfa/verify', { json: { code: '000000' }, headers: again })).status).toBe(401);
    expect((await h.request('/v1/auth/mfa/verify', { json: { code: code(h) }, headers: again })).status).toBe(429);
    expect((await login(h, 'admin@demo.vitals', DEMO_PASSWORD)).status).toBe(429);
  });
});

describe('MFA enrolment and recovery codes', () => {
  it('makes a clinician without MFA enrol first, then gives 10 recovery codes that each work once', async () => {
    const pool = db().pool;
    await pool.query(`UPDATE users SET totp_secret = NULL, mfa_enrolled_at = NULL, totp_last_step = NULL WHERE email = 'dr.outside@demo.vitals'`);
    const h = identityHarness(pool);
    const res = await login(h, 'dr.outside@demo.vitals', DEMO_PASSWORD);
    expect(await res.clone().json()).toMatchObject({ mfaRequired: false, mfaEnrolmentRequired: true });
    const pending = await sessionFrom(res);
    expect((await h.request('/v1/auth/tokens', { headers: pending })).status).toBe(401);
    expect((await h.request('/v1/auth/mfa/verify', { json: { code: '123456' }, headers: pending })).status).toBe(409);

    const enrol = await h.request('/v1/auth/mfa/enrol', { method: 'POST', headers: pending });
    const { secret, otpauthUri } = await enrol.json();
    expect(otpauthUri).toMatch(/^otpauth:\/\/totp\/Vitals:dr\.outside%40demo\.vitals\?secret=/);
    expect((await h.request('/v1/auth/mfa/enrol/confirm', { json: { code: '000000' }, headers: pending })).status).toBe(400);
    const confirmed = await h.request('/v1/auth/mfa/enrol/confirm', { json: { code: totp(secret, h.clock.now().getTime()) }, headers: pending });
    const { recoveryCodes } = await confirmed.clone().json();
    const { rows } = await pool.query<{ totp_secret: string }>(`SELECT totp_secret FROM users WHERE email = 'dr.outside@demo.vitals'`);
    expect(rows[0]!.totp_secret).toMatch(/^v1\./);
    expect(rows[0]!.totp_secret).not.toContain(secret);
    expect(recoveryCodes).toHaveLength(10);
    const full = await sessionFrom(confirmed);
    expect((await h.request('/v1/auth/tokens', { headers: full })).status).toBe(200);

    // Next sign-in: a recovery code instead of the app; it works once.
    const useRecovery = async () => h.request('/v1/auth/mfa/recovery', { json: { code: recoveryCodes[3].toUpperCase() }, headers: await sessionFrom(await login(h, 'dr.outside@demo.vitals', DEMO_PASSWORD)) });
    const first = await useRecovery();
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ recoveryCodesLeft: 9 });
    expect((await useRecovery()).status).toBe(401);
  });

  it('keeps recovery codes working across RECOVERY_CODE_PEPPERS being set, and across a SESSION_SECRET rotation once it is', async () => {
    const pool = db().pool;
    const peppers = `p2:${Buffer.alloc(32, 2).toString('base64')},p1:${Buffer.alloc(32, 1).toString('base64')}`;
    const rotated = 'a-rotated-session-secret-0123456789abcdef';
    const enrolled = async (h: ReturnType<typeof identityHarness>): Promise<string[]> => {
      await pool.query(`UPDATE users SET totp_secret = NULL, mfa_enrolled_at = NULL, totp_last_step = NULL WHERE email = 'dr.outside@demo.vitals'`);
      const pending = await sessionFrom(await login(h, 'dr.outside@demo.vitals', DEMO_PASSWORD));
      const { secret } = await (await h.request('/v1/auth/mfa/enrol', { method: 'POST', headers: pending })).json();
      return (await (await h.request('/v1/auth/mfa/enrol/confirm', { json: { code: totp(secret, h.clock.now().getTime()) }, headers: pending })).json()).recoveryCodes;
    };
    const spend = async (h: ReturnType<typeof identityHarness>, code: string) =>
      (await h.request('/v1/auth/mfa/recovery', { json: { code }, headers: await sessionFrom(await login(h, 'dr.outside@demo.vitals', DEMO_PASSWORD)) })).status;

    // issued before the setting existed (the pepper derived from SESSION_SECRET): still accepted with it set
    const before = await enrolled(identityHarness(pool));
    expect(await spend(identityHarness(pool, { RECOVERY_CODE_PEPPERS: peppers }), before[0]!)).toBe(200);
    // issued with it: accepted after SESSION_SECRET is rotated, as long as the peppers stay
    const after = await enrolled(identityHarness(pool, { RECOVERY_CODE_PEPPERS: peppers }));
    expect(await spend(identityHarness(pool, { RECOVERY_CODE_PEPPERS: peppers, SESSION_SECRET: rotated }), after[0]!)).toBe(200);
    // and only through a pepper: without it, a rotated SESSION_SECRET voids them (what the setting is for)
    expect(await spend(identityHarness(pool, { SESSION_SECRET: rotated }), after[1]!)).toBe(401);
  });

  it('lets a patient turn MFA on from a full session', async () => {
    const h = identityHarness(db().pool);
    const s = await sessionFrom(await login(h, 'samuel@demo.vitals', DEMO_PASSWORD));
    const { secret } = await (await h.request('/v1/auth/mfa/enrol', { method: 'POST', headers: s })).json();
    const confirmed = await h.request('/v1/auth/mfa/enrol/confirm', { json: { code: totp(secret, h.clock.now().getTime()) }, headers: s });
    expect(await confirmed.json()).toMatchObject({ csrfToken: null, user: { mfaEnabled: true } });
    expect((await h.request('/v1/auth/mfa/enrol', { method: 'POST', headers: s })).status).toBe(409);
    expect(await (await login(h, 'samuel@demo.vitals', DEMO_PASSWORD)).json()).toMatchObject({ mfaRequired: true });
  });
});

describe('sessions', () => {
  it('refuses a state-changing request without the CSRF token', async () => {
    const h = identityHarness(db().pool);
    const s = await sessionFrom(await login(h, 'james@demo.vitals', DEMO_PASSWORD));
    const res = await h.request('/v1/auth/tokens', { json: { name: 'x', scopes: ['readings:read'] }, headers: { cookie: s.cookie! } });
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const forged = await h.request('/v1/auth/tokens', { json: { name: 'x', scopes: ['readings:read'] }, headers: { cookie: s.cookie!, 'x-csrf-token': 'AAAA.BBBB' } });
    expect(forged.status).toBe(403);
  });

  it('lists my sessions without their secrets and revokes one', async () => {
    const h = identityHarness(db().pool);
    const laptop = await sessionFrom(await login(h, 'james@demo.vitals', DEMO_PASSWORD));
    const phone = await sessionFrom(await login(h, 'james@demo.vitals', DEMO_PASSWORD));
    const { sessions } = await (await h.request('/v1/auth/sessions', { headers: laptop })).json();
    expect(sessions.length).toBeGreaterThanOrEqual(2);
    const cookieSecret = phone.cookie!.split('=')[1]!;
    expect(JSON.stringify(sessions)).not.toContain(cookieSecret);
    const current = sessions.find((s: { current: boolean }) => s.current);
    const other = sessions.find((s: { current: boolean }) => !s.current);
    expect(current).toBeTruthy();
    expect((await h.request(`/v1/auth/sessions/${other.id}`, { method: 'DELETE', headers: laptop })).status).toBe(204);
    // Someone else's session id is simply not found.
    const maria = await h.sessionHeaders('maria@demo.vitals');
    expect((await h.request(`/v1/auth/sessions/${current.id}`, { method: 'DELETE', headers: maria })).status).toBe(404);
    const survivors = (await (await h.request('/v1/auth/sessions', { headers: laptop })).json()).sessions;
    expect(survivors.map((s: { id: string }) => s.id)).not.toContain(other.id);
  });

  it('signs out with logout', async () => {
    const h = identityHarness(db().pool);
    const s = await sessionFrom(await login(h, 'james@demo.vitals', DEMO_PASSWORD));
    const out = await h.request('/v1/auth/logout', { method: 'POST', headers: s });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/vitals_session=;.*Max-Age=0/);
    expect((await h.request('/v1/auth/session', { headers: s })).status).toBe(401);
  });

  it('ends a session after 30 idle minutes, and after 12 hours however active', async () => {
    const h = identityHarness(db().pool);
    const idle = await sessionFrom(await login(h, 'james@demo.vitals', DEMO_PASSWORD));
    h.clock.advance(29 * 60_000);
    expect((await h.request('/v1/auth/session', { headers: idle })).status).toBe(200);
    h.clock.advance(31 * 60_000);
    expect((await h.request('/v1/auth/session', { headers: idle })).status).toBe(401);

    const busy = await sessionFrom(await login(h, 'james@demo.vitals', DEMO_PASSWORD));
    for (let hour = 0; hour < 12; hour++) {
      expect((await h.request('/v1/auth/session', { headers: busy })).status).toBe(200);
      for (let i = 0; i < 3; i++) {
        h.clock.advance(20 * 60_000);
        await h.request('/v1/auth/session', { headers: busy });
      }
    }
    expect((await h.request('/v1/auth/session', { headers: busy })).status).toBe(401);
  });
});
