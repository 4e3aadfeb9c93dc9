import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../../../db/src/seed.ts';
import { CLINIC, PATIENTS } from '../../../../db/src/seed-data.ts';
import { useTestDb } from '../../../../test/support/db-fixture.ts';
import { decidePatientAccess } from '../../policy/patient-access.ts';
import { identityHarness, seededPrincipal } from '../test-support.ts';

const db = useTestDb();
const MARIA = PATIENTS[0].id;
const { user: ANNA, principal: anna } = seededPrincipal('anna.schmidt@demo.vitals');

beforeAll(async () => {
  await seedDemo(db().pool);
});

type H = ReturnType<typeof identityHarness>;
const inAYear = (h: H) => new Date(h.clock.now().getTime() + 365 * 86_400_000).toISOString();

function grant(h: H, patientId: string, as: string, body: Record<string, unknown> = {}) {
  return h.request(`/v1/patients/${patientId}/proxies`, { json: { email: ANNA.email, relationship: 'daughter', scopes: ['readings', 'results'], expiresAt: inAYear(h), ...body }, as });
}

describe('proxies', () => {
  it('a patient grants, lists, changes and revokes a proxy, and the policy follows', async () => {
    const h = identityHarness(db().pool);
    const res = await grant(h, MARIA, 'maria@demo.vitals');
    expect(res.status).toBe(201);
    const g = await res.json();
    expect(g).toMatchObject({ proxy: { id: ANNA.id }, scopes: ['readings', 'results'], isParent: false, status: 'active' });
    expect(h.mailer.lastTo(ANNA.email)!.text).not.toContain('Maria');

    const decide = (scope: 'readings' | 'billing') => decidePatientAccess(db().pool, anna, MARIA, scope, h.clock.now());
    expect(await decide('readings')).toMatchObject({ allowed: true, via: 'proxy' });
    expect(await decide('billing')).toMatchObject({ allowed: false, why: 'scope_missing' });

    const changed = await h.request(`/v1/patients/${MARIA}/proxies/${g.id}`, { method: 'PATCH', json: { scopes: ['billing'] }, as: 'maria@demo.vitals' });
    expect(await changed.json()).toMatchObject({ scopes: ['billing'] });
    expect(await decide('billing')).toMatchObject({ allowed: true });

    const { proxies } = await (await h.request(`/v1/patients/${MARIA}/proxies`, { as: 'maria@demo.vitals' })).json();
    expect(proxies.map((p: { id: string }) => p.id)).toContain(g.id);

    expect((await h.request(`/v1/patients/${MARIA}/proxies/${g.id}`, { method: 'DELETE', as: 'james@demo.vitals' })).status).toBe(403);
    expect((await h.request(`/v1/patients/${MARIA}/proxies/${g.id}`, { method: 'DELETE', as: 'maria@demo.vitals' })).status).toBe(204);
    expect((await h.request(`/v1/patients/${MARIA}/proxies/${g.id}`, { method: 'DELETE', as: 'maria@demo.vitals' })).status).toBe(404);
    expect(await decide('billing')).toMatchObject({ allowed: false, why: 'not_related' });
  });

  it('ends access at the expiry', async () => {
    const h = identityHarness(db().pool);
    const expiresAt = new Date(h.clock.now().getTime() + 3_600_000).toISOString();
    expect((await grant(h, MARIA, 'maria@demo.vitals', { expiresAt })).status).toBe(201);
    h.clock.advance(3_600_000);
    expect(await decidePatientAccess(db().pool, anna, MARIA, 'readings', h.clock.now())).toMatchObject({ allowed: false, why: 'proxy_expired' });
  });

  it('refuses a past expiry, an unknown proxy, and scopes outside the grantable list', async () => {
    const h = identityHarness(db().pool);
    const past = await grant(h, MARIA, 'maria@demo.vitals', { expiresAt: '2020-01-01T00:00:00Z' });
    expect(past.status).toBe(400);
    expect((await past.json()).errors[0]).toMatchObject({ path: 'expiresAt' });
    expect((await grant(h, MARIA, 'maria@demo.vitals', { email: 'james@demo.vitals' })).status).toBe(404); // a patient account, not a proxy one
    expect((await grant(h, MARIA, 'maria@demo.vitals', { scopes: ['privacy'] })).status).toBe(400);
  });

  it('hides what an adolescent marked confidential from a parent proxy only', async () => {
    const pool = db().pool;
    const h = identityHarness(pool);
    const teen = randomUUID();
    const teenUser = randomUUID();
    await pool.query(`INSERT INTO patients (id, clinic_id, mrn, given_name, family_name, birth_date) VALUES ($1, $2, $3, 'Teen', 'Ager', '2011-01-15')`, [teen, CLINIC.id, `MRN-T${teen.slice(0, 6)}`]);
    await pool.query(`INSERT INTO users (id, clinic_id, email, display_name, role, patient_id) VALUES ($1, $2, $3, 'Teen Ager', 'patient', $4)`, [teenUser, CLINIC.id, `teen-${teen.slice(0, 6)}@example.org`, teen]);
    const g = await (await grant(h, teen, teenUser, { relationship: 'mother', isParent: true })).json();
    expect(await decidePatientAccess(pool, anna, teen, 'results', h.clock.now())).toMatchObject({ allowed: true, hideAdolescentConfidential: true });
    await h.request(`/v1/patients/${teen}/proxies/${g.id}`, { method: 'PATCH', json: { isParent: false }, as: teenUser });
    expect(await decidePatientAccess(pool, anna, teen, 'results', h.clock.now())).toMatchObject({ allowed: true, hideAdolescentConfidential: false });
  });
});

describe('privacy: sensitive categories', () => {
  it('are hidden from proxies by default and shared only when the patient says so', async () => {
    const h = identityHarness(db().pool);
    await grant(h, MARIA, 'maria@demo.vitals');
    const read = await h.request(`/v1/patients/${MARIA}/privacy`, { as: 'maria@demo.vitals' });
    expect(await read.json()).toEqual({ shareWithProxies: { behavioral_health: false, substance_use: false, sexual_health: false } });
    expect(await decidePatientAccess(db().pool, anna, MARIA, 'results', h.clock.now())).toMatchObject({ hiddenCategories: ['behavioral_health', 'substance_use', 'sexual_health'] });

    const put = await h.request(`/v1/patients/${MARIA}/privacy`, { method: 'PUT', json: { shareWithProxies: { behavioral_health: true, substance_use: false, sexual_health: false } }, as: 'maria@demo.vitals' });
    expect(await put.json()).toMatchObject({ shareWithProxies: { behavioral_health: true } });
    expect(await decidePatientAccess(db().pool, anna, MARIA, 'results', h.clock.now())).toMatchObject({ hiddenCategories: ['substance_use', 'sexual_health'] });
    expect((await h.request(`/v1/patients/${MARIA}/privacy`, { as: 'nurse.patel@demo.vitals' })).status).toBe(403);
  });
});
