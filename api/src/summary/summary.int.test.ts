import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../../db/src/seed.ts';
import { DEVICES, PATIENTS } from '../../../db/src/seed-data.ts';
import { apiHarness, type Harness } from '../../../test/support/api-harness.ts';
import { useTestDb } from '../../../test/support/db-fixture.ts';
import { featureApp } from '../portal-records/testing/feature-app.ts';
import { DEMO_PROXY, grantProxy } from '../portal-records/testing/proxy-grant.ts';
import { summaryRoutes } from './routes.ts';

const db = useTestDb();
let h: Harness;
const [maria, , , , lena] = PATIENTS;
const path = `/v1/patients/${maria.id}/summary`;
const cuff = DEVICES.find((d) => d.key === 'BP-0001')!;

beforeAll(async () => {
  await seedDemo(db().pool);
  h = apiHarness(db().pool, { buildApp: (deps) => featureApp(deps, (app) => app.route('/', summaryRoutes(deps))) });
  // two home blood-pressure readings: only the later one is the latest
  for (const [at, sys, dia] of [['2026-05-30T07:00:00Z', 141, 88], ['2026-05-31T07:00:00Z', 128, 79]] as const) {
    const id = randomUUID();
    for (const [metric, value] of [['systolic', sys], ['diastolic', dia]] as const) {
      await db().pool.query(`INSERT INTO readings (reading_id, metric, measured_at, patient_id, device_id, value, unit) VALUES ($1, $2, $3, $4, $5, $6, 'mm[Hg]')`, [id, metric, at, maria.id, cuff.id, value]);
    }
  }
});

const displays = (s: { problems: Array<{ display: string }> }) => s.problems.map((p) => p.display);

describe('health summary', () => {
  it('lists problems with codes, allergies, immunizations with CVX, goals, and latest vitals from both sources', async () => {
    const r = await h.request(path, { as: 'maria@demo.vitals' });
    expect(r.status).toBe(200);
    const s = await r.json();
    expect(s.problems).toContainEqual(expect.objectContaining({ codeSystem: 'snomed', code: '44054006', display: 'Type 2 diabetes mellitus', clinicalStatus: 'active', onsetDate: '2019-03-04' }));
    expect(displays(s)).toContain('Major depressive disorder, single episode, mild');
    expect(s.allergies).toContainEqual(expect.objectContaining({ substance: 'Penicillin', reaction: 'Hives', severity: 'moderate' }));
    expect(s.immunizations[0]).toMatchObject({ cvxCode: '140', date: '2025-10-06' });
    expect(s.goals.map((g: { description: string }) => g.description)).toContain('Keep HbA1c below 7%');
    const systolic = s.vitals.filter((v: { metric: string }) => v.metric === 'systolic');
    expect(systolic).toEqual([
      { metric: 'systolic', display: 'Systolic blood pressure', loinc: '8480-6', value: 128, unit: 'mm[Hg]', measuredAt: '2026-05-31T07:00:00.000Z', source: 'device' },
      { metric: 'systolic', display: 'Systolic blood pressure', loinc: '8480-6', value: 138, unit: 'mm[Hg]', measuredAt: '2026-05-12T14:20:00.000Z', source: 'clinic' },
    ]);
    expect(s.vitals.find((v: { metric: string }) => v.metric === 'body_weight')).toMatchObject({ value: 78.4, unit: 'kg', source: 'clinic' });
  });

  it('hides sensitive-category problems from a proxy unless the patient shares them', async () => {
    await grantProxy(db().pool, maria.id, { scopes: ['billing'] });
    const hidden = await (await h.request(path, { as: DEMO_PROXY.email })).json();
    expect(displays(hidden)).not.toContain('Major depressive disorder, single episode, mild');
    expect(displays(hidden)).toContain('Type 2 diabetes mellitus');
    await grantProxy(db().pool, maria.id, { scopes: ['billing'], shared: ['behavioral_health'] });
    expect(displays(await (await h.request(path, { as: DEMO_PROXY.email })).json())).toContain('Major depressive disorder, single episode, mild');
    // clinicians of the care team see everything
    expect(displays(await (await h.request(path, { as: 'nurse.patel@demo.vitals' })).json())).toContain('Major depressive disorder, single episode, mild');
  });

  it("hides an adolescent's confidential problem from a parent even when the category is shared", async () => {
    const confidential = 'Encounter for general counseling and advice on contraception';
    await grantProxy(db().pool, lena.id, { scopes: [], isParent: true, shared: ['sexual_health'] });
    const seen = await (await h.request(`/v1/patients/${lena.id}/summary`, { as: DEMO_PROXY.email })).json();
    expect(displays(seen)).toEqual(['Type 1 diabetes mellitus without complications']);
    expect(displays(await (await h.request(`/v1/patients/${lena.id}/summary`, { as: 'dr.chen@demo.vitals' })).json())).toContain(confidential);
  });

  it('records clinic vitals from the care team only, in canonical units, refusing implausible values', async () => {
    const vital = { metric: 'body_weight', value: 77.9, measuredAt: '2026-06-01T09:30:00-04:00' };
    expect((await h.request(`/v1/patients/${maria.id}/clinic-vitals`, { json: vital, as: 'maria@demo.vitals' })).status).toBe(403);
    const r = await h.request(`/v1/patients/${maria.id}/clinic-vitals`, { json: vital, as: 'nurse.patel@demo.vitals' });
    expect(r.status).toBe(201);
    expect(await r.json()).toEqual({ metric: 'body_weight', display: 'Body weight', loinc: '29463-7', value: 77.9, unit: 'kg', measuredAt: '2026-06-01T13:30:00.000Z', source: 'clinic' });
    const s = await (await h.request(path, { as: 'maria@demo.vitals' })).json();
    expect(s.vitals.find((v: { metric: string }) => v.metric === 'body_weight').value).toBe(77.9);
    const implausible = await h.request(`/v1/patients/${maria.id}/clinic-vitals`, { json: { ...vital, value: 779 }, as: 'nurse.patel@demo.vitals' });
    expect(implausible.status).toBe(422);
    expect((await h.request(`/v1/patients/${maria.id}/clinic-vitals`, { json: { ...vital, metric: 'mood' }, as: 'nurse.patel@demo.vitals' })).status).toBe(400);
  });

  it('refuses other patients and clinicians outside the care team, with an audit entry', async () => {
    expect((await h.request(path, { as: 'james@demo.vitals' })).status).toBe(403);
    expect((await h.request(path, { as: 'dr.outside@demo.vitals' })).status).toBe(403);
    const denied = await db().pool.query(`SELECT count(*)::int AS n FROM audit_log WHERE patient_id = $1 AND action = 'summary.read.denied'`, [maria.id]);
    expect(denied.rows[0].n).toBe(2);
  });
});
