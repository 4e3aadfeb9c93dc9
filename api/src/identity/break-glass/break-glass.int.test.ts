import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../../../db/src/seed.ts';
import { PATIENTS } from '../../../../db/src/seed-data.ts';
import { useTestDb } from '../../../../test/support/db-fixture.ts';
import { decidePatientAccess } from '../../policy/patient-access.ts';
import { identityHarness, seededPrincipal } from '../test-support.ts';

const db = useTestDb();
const JAMES = PATIENTS[1].id;
const { user: OUTSIDE, principal: outside } = seededPrincipal('dr.outside@demo.vitals');

beforeAll(async () => {
  await seedDemo(db().pool);
});

describe('break-the-glass', () => {
  it('gives a clinician outside the care team audited, time-limited access that an admin reviews', async () => {
    const h = identityHarness(db().pool);
    const decide = () => decidePatientAccess(db().pool, outside, JAMES, 'readings', h.clock.now());
    expect(await decide()).toMatchObject({ allowed: false, why: 'not_related' });

    const short = await h.request(`/v1/patients/${JAMES}/break-glass`, { json: { reason: 'urgent' }, as: OUTSIDE.email });
    expect(short.status).toBe(400);
    const res = await h.request(`/v1/patients/${JAMES}/break-glass`, { json: { reason: 'Patient collapsed in clinic, no team on site' }, as: OUTSIDE.email });
    expect(res.status).toBe(201);
    const { id, expiresAt } = await res.json();
    expect(new Date(expiresAt).getTime() - h.clock.now().getTime()).toBe(4 * 3_600_000);
    expect(await decide()).toMatchObject({ allowed: true, via: 'break_glass', reason: 'break-the-glass: Patient collapsed in clinic, no team on site' });

    // James sees it in "who viewed my record", with the reason.
    const log = await (await h.request(`/v1/patients/${JAMES}/access-log`, { as: 'james@demo.vitals' })).json();
    expect(log.entries[0]).toMatchObject({ actor: { name: OUTSIDE.displayName, role: 'clinician' }, action: 'break_glass.grant', outcome: 'allowed', reason: expect.stringContaining('Patient collapsed') });

    h.clock.advance(4 * 3_600_000);
    expect(await decide()).toMatchObject({ allowed: false });

    const pending = await (await h.request('/v1/admin/break-glass', { as: 'admin@demo.vitals' })).json();
    expect(pending.accesses.find((a: { id: string }) => a.id === id)).toMatchObject({ clinician: { id: OUTSIDE.id }, patient: { id: JAMES, name: 'James Wilson' }, review: null });
    const reviewed = await h.request(`/v1/admin/break-glass/${id}/review`, { json: { outcome: 'appropriate', note: 'checked with the ER log' }, as: 'admin@demo.vitals' });
    expect(reviewed.status).toBe(200);
    expect(await reviewed.json()).toMatchObject({ review: { outcome: 'appropriate', note: 'checked with the ER log' } });
    expect((await h.request(`/v1/admin/break-glass/${id}/review`, { json: { outcome: 'inappropriate' }, as: 'admin@demo.vitals' })).status).toBe(409);
    const after = await (await h.request('/v1/admin/break-glass', { as: 'admin@demo.vitals' })).json();
    expect(after.accesses.map((a: { id: string }) => a.id)).not.toContain(id);
    const all = await (await h.request('/v1/admin/break-glass?status=all', { as: 'admin@demo.vitals' })).json();
    expect(all.accesses.map((a: { id: string }) => a.id)).toContain(id);
  });

  it('is refused to the care team (who need none), to patients, and for an admin’s own access', async () => {
    const h = identityHarness(db().pool);
    const body = { json: { reason: 'checking something important' } };
    const inTeam = await h.request(`/v1/patients/${JAMES}/break-glass`, { ...body, as: 'dr.johnson@demo.vitals' });
    expect(inTeam.status).toBe(403);
    expect(await inTeam.json()).toMatchObject({ code: 'in_care_team' });
    expect((await h.request(`/v1/patients/${JAMES}/break-glass`, { ...body, as: 'maria@demo.vitals' })).status).toBe(403);
    const own = await (await h.request(`/v1/patients/${JAMES}/break-glass`, { ...body, as: 'admin@demo.vitals' })).json();
    expect((await h.request(`/v1/admin/break-glass/${own.id}/review`, { json: { outcome: 'appropriate' }, as: 'admin@demo.vitals' })).status).toBe(403);
  });
});
