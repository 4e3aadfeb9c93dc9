import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../../db/src/seed.ts';
import { PATIENTS, USERS } from '../../../db/src/seed-data.ts';
import { apiHarness, type Harness } from '../../../test/support/api-harness.ts';
import { useTestDb } from '../../../test/support/db-fixture.ts';
import { demoId } from '../portal-records/demo-ids.ts';
import { featureApp } from '../portal-records/testing/feature-app.ts';
import { DEMO_PROXY, grantProxy } from '../portal-records/testing/proxy-grant.ts';
import { DEMO_PHARMACIES } from './demo-seed.ts';
import { medicationRoutes } from './routes.ts';

const db = useTestDb();
let h: Harness;
const [maria, , , samuel] = PATIENTS;
const MARIA = 'maria@demo.vitals';
const ANNA = DEMO_PROXY.email;
const JOHNSON = 'dr.johnson@demo.vitals';
const NURSE = 'nurse.patel@demo.vitals';
const med = { metformin: demoId(2, 1), lisinopril: demoId(2, 2), sertraline: demoId(2, 3), glipizide: demoId(2, 4), samuelMetformin: demoId(2, 9) };
const pharmacy = DEMO_PHARMACIES[1]!.id;

beforeAll(async () => {
  await seedDemo(db().pool);
  h = apiHarness(db().pool, { buildApp: (deps) => featureApp(deps, (app) => app.route('/', medicationRoutes(deps))) });
});

const MARIA_USER = USERS.find((u) => u.email === MARIA)!.id;
const noticesFor = async (refillId: string) =>
  (await db().pool.query('SELECT user_id, kind, title FROM notifications WHERE link = $1 ORDER BY user_id', [`/app/medications#refill-${refillId}`])).rows;
const names = async (r: Response) => ((await r.json()).medications as Array<{ name: string }>).map((m) => m.name);
const refillsPath = (patientId: string) => `/v1/patients/${patientId}/refill-requests`;

describe('medication list', () => {
  it('shows the patient every medication, active first, with prescriber and dates', async () => {
    const r = await h.request(`/v1/patients/${maria.id}/medications`, { as: MARIA });
    expect(r.status).toBe(200);
    const { medications } = await r.json();
    expect(medications.map((m: { status: string }) => m.status)).toEqual(['active', 'active', 'active', 'stopped']);
    expect(medications.find((m: { id: string }) => m.id === med.metformin)).toEqual({
      id: med.metformin,
      name: 'Metformin 500 mg oral tablet',
      rxnormCode: '861007',
      dose: '500 mg',
      route: 'oral',
      frequency: 'twice daily with meals',
      prescriber: 'Dr. Wei Chen',
      startDate: '2019-03-04',
      endDate: null,
      status: 'active',
    });
  });

  it('hides a sensitive-category medication from a proxy until the patient shares the category', async () => {
    await grantProxy(db().pool, maria.id, { scopes: ['medications'] });
    expect(await names(await h.request(`/v1/patients/${maria.id}/medications`, { as: ANNA }))).not.toContain('Sertraline 50 mg oral tablet');
    await grantProxy(db().pool, maria.id, { scopes: ['medications'], shared: ['behavioral_health'] });
    expect(await names(await h.request(`/v1/patients/${maria.id}/medications`, { as: ANNA }))).toContain('Sertraline 50 mg oral tablet');
    await grantProxy(db().pool, maria.id, { scopes: ['billing'] });
    expect((await h.request(`/v1/patients/${maria.id}/medications`, { as: ANNA })).status).toBe(403);
  });

  it('lets the care team add a medication, audited, and nobody else', async () => {
    const body = { name: 'Atorvastatin 20 mg oral tablet', dose: '20 mg', route: 'oral', frequency: 'once daily at night', startDate: '2026-06-01' };
    expect((await h.request(`/v1/patients/${maria.id}/medications`, { json: body, as: MARIA })).status).toBe(403);
    const r = await h.request(`/v1/patients/${maria.id}/medications`, { json: body, as: JOHNSON });
    expect(r.status).toBe(201);
    expect(await r.json()).toMatchObject({ ...body, prescriber: 'Dr. Alicia Johnson', status: 'active', rxnormCode: null });
    const audit = await db().pool.query(`SELECT action FROM audit_log WHERE patient_id = $1 AND action = 'medications.add'`, [maria.id]);
    expect(audit.rowCount).toBe(1);
    const bad = await h.request(`/v1/patients/${maria.id}/medications`, { json: { ...body, endDate: '2026-01-01' }, as: JOHNSON });
    expect(bad.status).toBe(400);
  });
});

describe('refill requests', () => {
  it('routes a request to the care team of the prescriber, and refuses a second open one', async () => {
    const r = await h.request(refillsPath(maria.id), { json: { medicationId: med.lisinopril, pharmacyId: pharmacy, note: 'Going on holiday' }, as: MARIA });
    expect(r.status).toBe(201);
    expect(await r.json()).toMatchObject({
      status: 'requested',
      medication: { id: med.lisinopril, name: 'Lisinopril 10 mg oral tablet' },
      pharmacy: { id: pharmacy, name: 'Main Street Drugs' },
      careTeamId: '00000000-0000-4000-8000-0000000000a2',
      patientNote: 'Going on holiday',
      responseNote: null,
    });
    const again = await h.request(refillsPath(maria.id), { json: { medicationId: med.lisinopril, pharmacyId: pharmacy }, as: MARIA });
    expect(again.status).toBe(409);
    // the seeded metformin request is still open too
    expect((await h.request(refillsPath(maria.id), { json: { medicationId: med.metformin, pharmacyId: pharmacy }, as: MARIA })).status).toBe(409);
  });

  it('refuses a stopped medication (409), an unknown one (404), staff (403), and asks for a pharmacy when none is preferred (422)', async () => {
    expect((await h.request(refillsPath(maria.id), { json: { medicationId: med.glipizide, pharmacyId: pharmacy }, as: MARIA })).status).toBe(409);
    expect((await h.request(refillsPath(maria.id), { json: { medicationId: med.metformin.replace(/1$/, '9') }, as: MARIA })).status).toBe(404);
    expect((await h.request(refillsPath(maria.id), { json: { medicationId: med.lisinopril }, as: JOHNSON })).status).toBe(403);
    await db().pool.query('UPDATE patient_profiles SET preferred_pharmacy_id = NULL WHERE patient_id = $1', [samuel.id]);
    const r = await h.request(refillsPath(samuel.id), { json: { medicationId: med.samuelMetformin }, as: 'samuel@demo.vitals' });
    expect(r.status).toBe(422);
    expect((await r.json()).errors).toEqual([{ path: 'pharmacyId', message: 'required when no preferred pharmacy is set' }]);
    const unknownPharmacy = await h.request(refillsPath(samuel.id), { json: { medicationId: med.samuelMetformin, pharmacyId: demoId(1, 99) }, as: 'samuel@demo.vitals' });
    expect(unknownPharmacy.status).toBe(422);
  });

  it('lets a proxy with the medications scope ask, but not for a medication hidden from them', async () => {
    await grantProxy(db().pool, maria.id, { scopes: ['medications'] });
    expect((await h.request(refillsPath(maria.id), { json: { medicationId: med.sertraline, pharmacyId: pharmacy }, as: ANNA })).status).toBe(404);
    const r = await h.request(refillsPath(maria.id), { json: { medicationId: med.sertraline, pharmacyId: pharmacy }, as: MARIA });
    expect(r.status).toBe(201);
    const listed = (await (await h.request(refillsPath(maria.id), { as: ANNA })).json()).refillRequests;
    expect(listed.map((x: { medication: { id: string } }) => x.medication.id)).not.toContain(med.sertraline);
  });

  it('shows each clinician the open requests of their own care teams', async () => {
    const ids = async (as: string) => ((await (await h.request('/v1/refill-requests', { as })).json()).refillRequests as Array<{ medication: { id: string } }>).map((r) => r.medication.id);
    expect(await ids(JOHNSON)).toEqual(expect.arrayContaining([med.lisinopril]));
    expect(await ids(JOHNSON)).not.toContain(med.metformin);
    expect(await ids(NURSE)).toEqual(expect.arrayContaining([med.lisinopril, med.metformin]));
    expect((await h.request('/v1/refill-requests', { as: MARIA })).status).toBe(403);
  });

  it('walks requested → approved → sent to pharmacy, tells the patient, and refuses illegal moves with 409', async () => {
    const open = (await (await h.request(refillsPath(maria.id), { as: MARIA })).json()).refillRequests.find((r: { medication: { id: string }; status: string }) => r.medication.id === med.lisinopril && r.status === 'requested');
    const statusPath = `${refillsPath(maria.id)}/${open.id}/status`;
    expect((await h.request(statusPath, { json: { status: 'approved' }, as: MARIA })).status).toBe(403);
    expect((await h.request(statusPath, { json: { status: 'sent_to_pharmacy' }, as: JOHNSON })).status).toBe(409);

    const approved = await h.request(statusPath, { json: { status: 'approved', note: 'Approved for 90 days.' }, as: JOHNSON });
    expect(approved.status).toBe(200);
    expect(await approved.json()).toMatchObject({ status: 'approved', responseNote: 'Approved for 90 days.', decidedAt: '2026-06-01T12:00:00.000Z' });
    // the patient and the proxy with the medications scope are told in the portal
    expect(await noticesFor(open.id)).toEqual([
      { user_id: MARIA_USER, kind: 'new_message', title: 'Your refill request was approved' },
      { user_id: DEMO_PROXY.id, kind: 'new_message', title: 'Your refill request was approved' },
    ]);

    const denied = await h.request(statusPath, { json: { status: 'denied' }, as: JOHNSON });
    expect(denied.status).toBe(409);
    expect(await denied.json()).toMatchObject({ code: 'illegal_transition', from: 'approved', to: 'denied' });

    const sent = await h.request(statusPath, { json: { status: 'sent_to_pharmacy' }, as: NURSE });
    expect(await sent.json()).toMatchObject({ status: 'sent_to_pharmacy', responseNote: 'Approved for 90 days.', sentAt: '2026-06-01T12:00:00.000Z' });
    expect((await h.request(statusPath, { json: { status: 'sent_to_pharmacy' }, as: NURSE })).status).toBe(409);

    const seen = (await (await h.request(refillsPath(maria.id), { as: MARIA })).json()).refillRequests.find((r: { id: string }) => r.id === open.id);
    expect(seen).toMatchObject({ status: 'sent_to_pharmacy', responseNote: 'Approved for 90 days.' });
    const actions = (await db().pool.query(`SELECT action FROM audit_log WHERE resource = $1 ORDER BY seq`, [`refill-request/${open.id}`])).rows.map((r) => r.action);
    // attempts are audited when access is decided, before the move is checked; staff-only routes stop a patient before any access
    expect(actions).toEqual(['refills.sent_to_pharmacy', 'refills.approved', 'refills.denied', 'refills.sent_to_pharmacy', 'refills.sent_to_pharmacy']);
  });

  it('does not tell a proxy about a medication hidden from them', async () => {
    const hidden = (await (await h.request(refillsPath(maria.id), { as: MARIA })).json()).refillRequests.find((r: { medication: { id: string } }) => r.medication.id === med.sertraline);
    expect((await h.request(`${refillsPath(maria.id)}/${hidden.id}/status`, { json: { status: 'denied', note: 'Please book a visit first.' }, as: JOHNSON })).status).toBe(200);
    expect((await noticesFor(hidden.id)).map((n) => n.user_id)).toEqual([MARIA_USER]);
  });

  it('lets only one of two concurrent decisions win', async () => {
    const seeded = demoId(3, 2);
    const statusPath = `${refillsPath(maria.id)}/${seeded}/status`;
    const results = await Promise.all([h.request(statusPath, { json: { status: 'approved' }, as: NURSE }), h.request(statusPath, { json: { status: 'denied' }, as: 'dr.chen@demo.vitals' })]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
  });
});
