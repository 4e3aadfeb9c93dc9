import { beforeAll, describe, expect, it, vi } from 'vitest';
import { seedDemo } from '../../../../db/src/seed.ts';
import { DEMO_PASSWORD } from '../../../../db/src/seed-data.ts';
import { useTestDb } from '../../../../test/support/db-fixture.ts';
import { freshClient, identityHarness, login, sessionFrom, tokenInMail } from '../test-support.ts';

const db = useTestDb();
const NEW_PASSWORD = 'quiet harbour lamplight 7';

beforeAll(async () => {
  await seedDemo(db().pool);
});

type H = ReturnType<typeof identityHarness>;

/** Ask for a reset and wait for the email (it is sent after the response). */
async function requestReset(h: H, email: string): Promise<string> {
  const before = h.mailer.sent.length;
  expect((await h.request('/v1/auth/password-reset/request', { json: { email }, headers: freshClient() })).status).toBe(202);
  await vi.waitFor(() => expect(h.mailer.sent.length).toBeGreaterThan(before));
  return tokenInMail(h.mailer, email);
}

describe('password reset', () => {
  it('answers 202 for an unknown address and sends nothing', async () => {
    const h = identityHarness(db().pool);
    const res = await h.request('/v1/auth/password-reset/request', { json: { email: 'nobody@demo.vitals' }, headers: freshClient() });
    expect(res.status).toBe(202);
    expect(await res.text()).toBe('');
    await new Promise((r) => setTimeout(r, 50));
    expect(h.mailer.sent).toHaveLength(0);
  });

  it('sets a new password, signs out everywhere, lifts a lockout, and the link works once', async () => {
    const h = identityHarness(db().pool);
    const old = await sessionFrom(await login(h, 'james@demo.vitals', DEMO_PASSWORD));
    for (let i = 0; i < 5; i++) await login(h, 'james@demo.vitals', 'wrong-' + i);
    expect((await login(h, 'james@demo.vitals', DEMO_PASSWORD)).status).toBe(429);

    const token = await requestReset(h, 'james@demo.vitals');
    expect(h.mailer.lastTo('james@demo.vitals')!.text).toMatch(/^Someone asked/);
    const weak = await h.request('/v1/auth/password-reset/confirm', { json: { token, password: 'short' } });
    expect(weak.status).toBe(400);
    expect((await weak.json()).errors[0]).toMatchObject({ path: 'password' });

    expect((await h.request('/v1/auth/password-reset/confirm', { json: { token, password: NEW_PASSWORD } })).status).toBe(204); // the link survived the weak attempt
    expect(h.mailer.lastTo('james@demo.vitals')!.subject).toMatch(/was changed/);
    expect((await h.request('/v1/auth/password-reset/confirm', { json: { token, password: NEW_PASSWORD + 'x' } })).status).toBe(400);
    expect((await h.request('/v1/auth/session', { headers: old })).status).toBe(401);
    expect((await login(h, 'james@demo.vitals', DEMO_PASSWORD)).status).toBe(401);
    expect((await login(h, 'james@demo.vitals', NEW_PASSWORD)).status).toBe(200);
  });

  it('expires the link after an hour, and a newer link replaces an older one', async () => {
    const h = identityHarness(db().pool);
    const first = await requestReset(h, 'aiko@demo.vitals');
    const second = await requestReset(h, 'aiko@demo.vitals');
    expect((await h.request('/v1/auth/password-reset/confirm', { json: { token: first, password: NEW_PASSWORD } })).status).toBe(400);
    h.clock.advance(61 * 60_000);
    expect((await h.request('/v1/auth/password-reset/confirm', { json: { token: second, password: NEW_PASSWORD } })).status).toBe(400);
  });

  it('limits reset requests per client address', async () => {
    const h = identityHarness(db().pool);
    const client = freshClient();
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await h.request('/v1/auth/password-reset/request', { json: { email: `x${i}@demo.vitals` }, headers: client })).status);
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429]);
  });
});

describe('email verification', () => {
  it('resends a link to a signed-in user whose address is unverified', async () => {
    const pool = db().pool;
    await pool.query(`UPDATE users SET email_verified_at = NULL WHERE email = 'samuel@demo.vitals'`);
    const h = identityHarness(pool);
    expect((await h.request('/v1/auth/verify-email/resend', { method: 'POST', as: 'samuel@demo.vitals' })).status).toBe(202);
    const token = tokenInMail(h.mailer, 'samuel@demo.vitals');
    expect((await h.request('/v1/auth/verify-email', { json: { token } })).status).toBe(204);
    const { user } = await (await h.request('/v1/auth/session', { as: 'samuel@demo.vitals' })).json();
    expect(user.emailVerified).toBe(true);
  });
});
