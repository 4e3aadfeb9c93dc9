import { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../common/src/clock.ts';
import { silentLogger } from '../../../common/src/logger.ts';
import { seedDemo } from '../../../db/src/seed.ts';
import { CLINIC, PATIENTS, USERS } from '../../../db/src/seed-data.ts';
import { apiHarness, type Harness } from '../../../test/support/api-harness.ts';
import { useTestDb } from '../../../test/support/db-fixture.ts';
import { DEMO_DEPARTMENT } from '../appointments/demo-data.ts';
import { problemErrorHandler } from '../http/problem.ts';
import type { AppEnv } from '../http/env.ts';
import { requireFeature } from './require-feature.ts';
import { pendingTerms } from './terms-repo.ts';

const db = useTestDb();
const clock = new ManualClock(new Date('2026-06-01T12:00:00Z'));
let h: Harness;
const ADMIN = 'admin@demo.vitals';
const MARIA = 'maria@demo.vitals';
const mariaId = USERS.find((u) => u.email === MARIA)!.id;
const features = async (as: string, query = '') => (await (await h.request(`/v1/portal/features${query}`, { as })).json()).features;

beforeAll(async () => {
  await seedDemo(db().pool);
  h = apiHarness(db().pool, { clock });
});

describe('portal feature switches', () => {
  it('lets the admin switch features per clinic and department; the portal reads what is on', async () => {
    const view = await (await h.request('/v1/admin/clinic/features', { as: ADMIN })).json();
    expect(view.features).toMatchObject({ self_scheduling: true, messaging: true, online_payment: true });
    expect(view.departments).toEqual([expect.objectContaining({ id: DEMO_DEPARTMENT.id, name: DEMO_DEPARTMENT.name, overrides: {} })]);

    const put = (json: unknown) => h.request('/v1/admin/clinic/features', { method: 'PUT', json, as: ADMIN });
    const saved = await (await put({ features: { messaging: false } })).json();
    expect(saved.features.messaging).toBe(false);
    expect((await features(MARIA)).messaging).toBe(false);

    await put({ departmentId: DEMO_DEPARTMENT.id, features: { online_payment: false, messaging: true } });
    const dept = `?departmentId=${DEMO_DEPARTMENT.id}`;
    // a department cannot switch on what the clinic switched off
    expect(await features(MARIA, dept)).toMatchObject({ online_payment: false, messaging: false, self_scheduling: true });
    expect((await features(MARIA)).online_payment).toBe(true);

    // null removes a switch
    await put({ features: { messaging: null } });
    await put({ departmentId: DEMO_DEPARTMENT.id, features: { online_payment: null, messaging: null } });
    expect(await features(MARIA, dept)).toMatchObject({ online_payment: true, messaging: true });
    const audit = await db().pool.query(`SELECT reason FROM audit_log WHERE action = 'clinic.features.update' ORDER BY seq`);
    expect(audit.rows[0]).toEqual({ reason: 'messaging=off' });
  });

  it('refuses non-admins, unknown features and departments of nowhere', async () => {
    expect((await h.request('/v1/admin/clinic/features', { as: 'dr.chen@demo.vitals' })).status).toBe(403);
    expect((await h.request('/v1/admin/clinic/features', { method: 'PUT', json: { features: { teleportation: true } }, as: ADMIN })).status).toBe(400);
    const r = await h.request('/v1/admin/clinic/features', { method: 'PUT', json: { departmentId: '00000000-0000-4000-8000-0000000000ff', features: { messaging: false } }, as: ADMIN });
    expect(r.status).toBe(400);
    expect((await h.request('/v1/portal/features')).status).toBe(401);
  });

  it('requireFeature refuses patients and proxies with 403 problem+json when the feature is off, not staff', async () => {
    const app = new Hono<AppEnv>();
    app.onError(problemErrorHandler(silentLogger()));
    const guarded = requireFeature('messaging', { db: db().pool });
    const as = (role: 'patient' | 'clinician', patientId?: string) =>
      app.request(patientId ? `/p/${patientId}` : '/x', { headers: { 'x-role': role } });
    app.use('*', async (c, next) => {
      c.set('principal', { kind: 'user', userId: mariaId, role: c.req.header('x-role') as 'patient', clinicId: CLINIC.id, patientId: null, via: 'session', scopes: 'all', mfa: true });
      await next();
    });
    app.get('/x', guarded, (c) => c.text('ok'));
    app.get('/p/:patientId', guarded, (c) => c.text('ok'));
    expect((await as('patient')).status).toBe(200);
    await db().pool.query(`INSERT INTO portal_feature_settings (clinic_id, feature, enabled) VALUES ($1, 'messaging', false)`, [CLINIC.id]);
    const r = await as('patient');
    expect(r.status).toBe(403);
    expect(r.headers.get('content-type')).toBe('application/problem+json');
    expect(await r.json()).toMatchObject({ type: 'https://vitals.example.org/problems/feature-disabled', detail: 'Messaging is switched off for this clinic. Please contact the clinic.', feature: 'messaging' });
    expect((await as('patient', PATIENTS[0].id)).status).toBe(403);
    expect((await as('clinician')).status).toBe(200);
    await db().pool.query(`DELETE FROM portal_feature_settings WHERE clinic_id = $1 AND feature = 'messaging' AND department_id IS NULL`, [CLINIC.id]);
    expect(() => requireFeature('teleportation' as 'messaging', { db: db().pool })).toThrow(/unknown portal feature/);
  });
});

describe('terms of use and privacy policy', () => {
  it('serves the current versions publicly', async () => {
    const r = await (await h.request('/v1/terms')).json();
    expect(r.current.map((t: { kind: string; version: number }) => `${t.kind}@${t.version}`)).toEqual(['privacy_policy@1', 'terms_of_use@1']);
  });

  it('asks every user to accept a newly published version at their next sign-in', async () => {
    expect(await pendingTerms(db().pool, mariaId, clock.now())).toEqual([]);
    const published = await h.request('/v1/admin/terms', { json: { kind: 'terms_of_use', title: 'Terms of use (v2)', body: 'New terms.' }, as: ADMIN });
    expect(published.status).toBe(201);
    expect(await published.json()).toMatchObject({ kind: 'terms_of_use', version: 2, effectiveAt: clock.now().toISOString() });

    expect((await pendingTerms(db().pool, mariaId, clock.now())).map((t) => t.version)).toEqual([2]);
    const mine = await (await h.request('/v1/me/terms', { as: MARIA })).json();
    expect(mine.pending).toEqual([expect.objectContaining({ kind: 'terms_of_use', version: 2, title: 'Terms of use (v2)' })]);

    // only the current version counts
    expect((await h.request('/v1/me/terms/accept', { json: { kind: 'terms_of_use', version: 1 }, as: MARIA })).status).toBe(409);
    expect((await h.request('/v1/me/terms/accept', { json: { kind: 'terms_of_use', version: 2 }, as: MARIA })).status).toBe(204);
    expect((await h.request('/v1/me/terms/accept', { json: { kind: 'terms_of_use', version: 2 }, as: MARIA })).status).toBe(204);
    expect(await pendingTerms(db().pool, mariaId, clock.now())).toEqual([]);
    expect((await pendingTerms(db().pool, USERS.find((u) => u.email === 'james@demo.vitals')!.id, clock.now())).map((t) => t.kind)).toEqual(['terms_of_use']);
    const audit = await db().pool.query(`SELECT action, resource FROM audit_log WHERE action LIKE 'terms.%' ORDER BY seq`);
    expect(audit.rows).toEqual([
      { action: 'terms.publish', resource: 'terms/terms_of_use/2' },
      { action: 'terms.accept', resource: 'terms/terms_of_use/2' },
      { action: 'terms.accept', resource: 'terms/terms_of_use/2' },
    ]);
  });

  it('a version published for later is not pending until it takes effect', async () => {
    await h.request('/v1/admin/terms', { json: { kind: 'privacy_policy', title: 'Privacy (v2)', body: 'Later.', effectiveAt: '2026-07-01T00:00:00Z' }, as: ADMIN });
    expect(await pendingTerms(db().pool, mariaId, clock.now())).toEqual([]);
    expect((await pendingTerms(db().pool, mariaId, new Date('2026-07-01T00:00:00Z'))).map((t) => `${t.kind}@${t.version}`)).toEqual(['privacy_policy@2']);
    expect((await h.request('/v1/admin/terms', { json: { kind: 'privacy_policy', title: 'x', body: 'y' }, as: MARIA })).status).toBe(403);
  });
});
