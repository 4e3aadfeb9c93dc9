import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../../../db/src/seed.ts';
import { PATIENTS } from '../../../../db/src/seed-data.ts';
import { useTestDb } from '../../../../test/support/db-fixture.ts';
import { identityHarness } from '../test-support.ts';

const db = useTestDb();
const MARIA = PATIENTS[0].id;

beforeAll(async () => {
  await seedDemo(db().pool);
});

describe('API tokens', () => {
  it('are shown once, stored hashed, limited to their scopes, and stop working when revoked', async () => {
    const h = identityHarness(db().pool);
    const created = await h.request('/v1/auth/tokens', { json: { name: 'my script', scopes: ['privacy:read'], expiresInDays: 7 }, as: 'maria@demo.vitals' });
    expect(created.status).toBe(201);
    const { id, token, expiresAt } = await created.json();
    expect(token).toMatch(/^vt_/);
    expect(new Date(expiresAt).getTime() - h.clock.now().getTime()).toBe(7 * 86_400_000);
    const { rows } = await db().pool.query('SELECT token_hash FROM api_tokens WHERE id = $1', [id]);
    expect(rows[0].token_hash).not.toContain(token.slice(3));

    const bearer = { authorization: `Bearer ${token}` };
    expect(await (await h.request('/v1/auth/session', { headers: bearer })).json()).toMatchObject({ via: 'token', csrfToken: null });
    expect((await h.request(`/v1/patients/${MARIA}/access-log`, { headers: bearer })).status).toBe(200);
    // privacy:read does not allow writing privacy settings
    const write = await h.request(`/v1/patients/${MARIA}/privacy`, { method: 'PUT', json: { shareWithProxies: { behavioral_health: true, substance_use: false, sexual_health: false } }, headers: bearer });
    expect(write.status).toBe(403);
    // a token cannot mint more tokens
    expect((await h.request('/v1/auth/tokens', { json: { name: 'child', scopes: ['privacy:read'] }, headers: bearer })).status).toBe(403);

    const listed = await (await h.request('/v1/auth/tokens', { as: 'maria@demo.vitals' })).json();
    expect(listed.tokens.map((t: { id: string }) => t.id)).toContain(id);
    expect(JSON.stringify(listed)).not.toContain(token);
    expect((await h.request(`/v1/auth/tokens/${id}`, { method: 'DELETE', as: 'james@demo.vitals' })).status).toBe(404);
    expect((await h.request(`/v1/auth/tokens/${id}`, { method: 'DELETE', as: 'maria@demo.vitals' })).status).toBe(204);
    expect((await h.request('/v1/auth/session', { headers: bearer })).status).toBe(401);
  });

  it('expire', async () => {
    const h = identityHarness(db().pool);
    const { token } = await (await h.request('/v1/auth/tokens', { json: { name: 'short', scopes: ['readings:read'], expiresInDays: 1 }, as: 'james@demo.vitals' })).json();
    h.clock.advance(86_400_000);
    expect((await h.request('/v1/auth/session', { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
  });

  it('refuse unknown scopes', async () => {
    const h = identityHarness(db().pool);
    const res = await h.request('/v1/auth/tokens', { json: { name: 'x', scopes: ['admin:everything'] }, as: 'james@demo.vitals' });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });
});
