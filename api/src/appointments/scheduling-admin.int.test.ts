import { beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../common/src/clock.ts';
import { seedDemo } from '../../../db/src/seed.ts';
import { PATIENTS, USERS } from '../../../db/src/seed-data.ts';
import { apiHarness, type Harness } from '../../../test/support/api-harness.ts';
import { useTestDb } from '../../../test/support/db-fixture.ts';
import { DEMO_PROXY, grantProxy } from '../portal-records/testing/proxy-grant.ts';
import { DEMO_DEPARTMENT, DEMO_LOCATION } from './demo-data.ts';
import { generateSlots } from './slot-generation.ts';

const db = useTestDb();
// Sunday before the end of daylight saving time in New York (1 November 2026)
const clock = new ManualClock(new Date('2026-10-25T12:00:00Z'));
let h: Harness;
const ADMIN = 'admin@demo.vitals';
const BASE = '/v1/admin/scheduling';
const haddad = USERS.find((u) => u.email === 'dr.outside@demo.vitals')!;
const admin = (path: string, json?: unknown, method?: string) => h.request(`${BASE}${path}`, { as: ADMIN, ...(json !== undefined ? { json } : {}), ...(method ? { method } : {}) });
const created = async (r: Response) => {
  expect(r.status, await r.clone().text()).toBe(201);
  return r.json();
};

let provider: { id: string };
let visitType: { id: string };
let template: { id: string };

beforeAll(async () => {
  await seedDemo(db().pool);
  h = apiHarness(db().pool, { clock });
});

describe('scheduling set-up', () => {
  it('makes a clinician of the clinic a provider, once; not a patient, not by a clinician', async () => {
    provider = await created(await admin('/providers', { userId: haddad.id, specialty: 'Internal medicine' }));
    expect(provider).toMatchObject({ userId: haddad.id, displayName: haddad.displayName, specialty: 'Internal medicine' });
    expect((await admin('/providers', { userId: haddad.id })).status).toBe(409);
    const patient = await admin('/providers', { userId: USERS.find((u) => u.role === 'patient')!.id });
    expect(patient.status).toBe(400);
    expect((await patient.json()).errors).toEqual([{ path: 'userId', message: 'not an active clinician of your clinic' }]);
    expect((await h.request(`${BASE}/providers`, { json: { userId: haddad.id }, as: 'dr.chen@demo.vitals' })).status).toBe(403);
  });

  it('adds locations and visit types, refusing duplicates and bad input', async () => {
    const loc = await created(await admin('/locations', { name: 'Riverside — East wing', phone: '+1 555 010 3000', departmentId: DEMO_DEPARTMENT.id }));
    expect(loc).toMatchObject({ departmentId: DEMO_DEPARTMENT.id, address: null });
    expect((await admin('/locations', { name: 'Riverside — East wing' })).status).toBe(409);
    expect((await admin('/locations', { name: 'Nowhere', departmentId: '00000000-0000-4000-8000-0000000000ff' })).status).toBe(400);
    visitType = await created(await admin('/visit-types', { code: 'long-review', name: 'Long review', modality: 'in_person', durationMinutes: 60, patientCutoffHours: 48 }));
    expect(visitType).toMatchObject({ patientCutoffHours: 48, forms: [] });
    expect((await created(await admin('/visit-types', { code: 'quick', name: 'Quick call', modality: 'video', durationMinutes: 10 }))).patientCutoffHours).toBe(24);
    expect((await admin('/visit-types', { code: 'long-review', name: 'Again', modality: 'video', durationMinutes: 20 })).status).toBe(409);
    expect((await admin('/visit-types', { code: 'Bad Code', name: 'x', modality: 'phone', durationMinutes: 1 })).status).toBe(400);
  });

  it('links questionnaires and consents to a visit type; the catalog shows them to patients and proxies', async () => {
    const forms = [
      { kind: 'questionnaire', formId: 'phq-9', dueHoursBefore: 48 },
      { kind: 'consent', formId: 'rpm_program' },
    ];
    const r = await h.request(`${BASE}/visit-types/${visitType.id}/forms`, { method: 'PUT', json: { forms }, as: ADMIN });
    expect(await r.json()).toEqual({ forms: [forms[0], { ...forms[1], dueHoursBefore: 0 }] });
    expect((await h.request(`${BASE}/visit-types/00000000-0000-4000-8000-0000000000ff/forms`, { method: 'PUT', json: { forms }, as: ADMIN })).status).toBe(404);
    const catalog = await (await h.request('/v1/scheduling/catalog', { as: 'maria@demo.vitals' })).json();
    expect(catalog.timeZone).toBe('America/New_York');
    expect(catalog.providers.map((p: { id: string }) => p.id)).toContain(provider.id);
    expect(catalog.visitTypes.find((v: { id: string }) => v.id === visitType.id).forms).toHaveLength(2);
    // a proxy's own account may belong to no clinic: they name the patient
    await db().pool.query('UPDATE users SET clinic_id = NULL WHERE id = $1', [DEMO_PROXY.id]);
    await grantProxy(db().pool, PATIENTS[0].id, { scopes: ['appointments'] });
    expect((await h.request('/v1/scheduling/catalog', { as: DEMO_PROXY.email })).status).toBe(404);
    expect((await h.request(`/v1/scheduling/catalog?patientId=${PATIENTS[0].id}`, { as: DEMO_PROXY.email })).status).toBe(200);
    expect((await h.request(`/v1/scheduling/catalog?patientId=${PATIENTS[1].id}`, { as: DEMO_PROXY.email })).status).toBe(403);
  });

  it('generates slots from a weekly template in local time across the DST change, idempotently', async () => {
    template = await created(await admin('/templates', { providerId: provider.id, locationId: DEMO_LOCATION.id, visitTypeId: visitType.id, weekday: 1, startTime: '09:00', endTime: '11:00', validFrom: '2026-10-01' }));
    expect(template).toMatchObject({ weekday: 1, startTime: '09:00', endTime: '11:00', validUntil: null, active: true });
    const first = await (await admin('/slots/generate', { weeks: 2 })).json();
    expect(first.created).toBeGreaterThan(0);
    expect(await (await admin('/slots/generate', { weeks: 2 })).json()).toEqual({ created: 0, removed: 0 });
    const { rows } = await db().pool.query<{ starts_at: Date }>('SELECT starts_at FROM appointment_slots WHERE template_id = $1 ORDER BY starts_at', [template.id]);
    // Monday 09:00 local: 13:00Z in daylight time, 14:00Z after the clocks went back
    expect(rows.map((r) => r.starts_at.toISOString())).toEqual(['2026-10-26T13:00:00.000Z', '2026-10-26T14:00:00.000Z', '2026-11-02T14:00:00.000Z', '2026-11-02T15:00:00.000Z']);
    const listed = await (await admin('/templates')).json();
    expect(listed.templates.map((t: { id: string }) => t.id)).toContain(template.id);
  });

  it('refuses a template that ends before it starts, or names another clinic’s provider', async () => {
    expect((await admin('/templates', { providerId: provider.id, locationId: DEMO_LOCATION.id, visitTypeId: visitType.id, weekday: 2, startTime: '11:00', endTime: '09:00', validFrom: '2026-10-01' })).status).toBe(400);
    const r = await admin('/templates', { providerId: '00000000-0000-4000-8000-0000000000ff', locationId: DEMO_LOCATION.id, visitTypeId: visitType.id, weekday: 2, startTime: '09:00', endTime: '11:00', validFrom: '2026-10-01' });
    expect(r.status).toBe(400);
    expect((await r.json()).errors[0].path).toBe('providerId');
  });

  it('stops a template: its unbooked future slots go, a booked visit stays', async () => {
    const { rows } = await db().pool.query<{ id: string }>('SELECT id FROM appointment_slots WHERE template_id = $1 ORDER BY starts_at DESC LIMIT 1', [template.id]);
    const booked = await h.request(`/v1/patients/${PATIENTS[0].id}/appointments`, { json: { slotId: rows[0]!.id }, as: 'nurse.patel@demo.vitals' });
    expect(booked.status).toBe(201);
    expect(await (await admin(`/templates/${template.id}`, undefined, 'DELETE')).json()).toEqual({ removed: 3 });
    const left = await db().pool.query('SELECT id FROM appointment_slots WHERE template_id = $1', [template.id]);
    expect(left.rows).toEqual([{ id: rows[0]!.id }]);
    expect((await admin(`/templates/${template.id}`, undefined, 'DELETE')).status).toBe(200);
    expect((await admin('/templates/00000000-0000-4000-8000-0000000000ff', undefined, 'DELETE')).status).toBe(404);
    // the maintenance generation no longer brings them back
    expect((await generateSlots(db().pool, { now: clock.now(), weeks: 2 })).created).toBe(0);
  });
});
