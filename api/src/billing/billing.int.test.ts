import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../../db/src/seed.ts';
import { PATIENTS } from '../../../db/src/seed-data.ts';
import { apiHarness, type Harness } from '../../../test/support/api-harness.ts';
import { useTestDb } from '../../../test/support/db-fixture.ts';
import { demoId } from '../portal-records/demo-ids.ts';
import { featureApp } from '../portal-records/testing/feature-app.ts';
import { DEMO_PROXY, grantProxy } from '../portal-records/testing/proxy-grant.ts';
import { billingRoutes } from './routes.ts';

const db = useTestDb();
let h: Harness;
const [maria, james] = PATIENTS;
const MARIA = 'maria@demo.vitals';
const NURSE = 'nurse.patel@demo.vitals';
const base = `/v1/patients/${maria.id}`;

beforeAll(async () => {
  await seedDemo(db().pool);
  h = apiHarness(db().pool, { buildApp: (deps) => featureApp(deps, (app) => app.route('/', billingRoutes(deps))) });
});

describe('billing account', () => {
  it('shows the balance, itemised statements, insurance and payments', async () => {
    const r = await h.request(`${base}/billing`, { as: MARIA });
    expect(r.status).toBe(200);
    const a = await r.json();
    expect(a.balanceCents).toBe(6280);
    expect(a.statements).toHaveLength(2);
    expect(a.statements[0]).toMatchObject({ id: demoId(31, 1), statementDate: '2026-05-15', dueDate: '2026-06-14', totalCents: 34400, insurancePaidCents: 25620, paidCents: 2500, amountDueCents: 6280 });
    expect(a.statements[0].charges[0]).toEqual({ id: demoId(32, 2), serviceDate: '2026-04-02', cptCode: '83036', description: 'Hemoglobin A1c', amountCents: 4500, insurancePaidCents: 3500, patientOwesCents: 1000 });
    expect(a.statements[1]).toMatchObject({ amountDueCents: 0, paidCents: 440 });
    expect(a.coverage).toEqual([{ id: demoId(30, 1), payer: 'Riverside Health Plan', memberId: 'RHP123456789', groupNumber: 'GRP-2048', plan: 'PPO Silver', priority: 1, effectiveFrom: '2026-01-01', effectiveTo: null }]);
    expect(a.payments.map((p: { amountCents: number }) => p.amountCents)).toEqual([2500, 440]);
  });

  it('is open to a proxy with the billing scope and the care team, not to other proxies or admins', async () => {
    await grantProxy(db().pool, maria.id, { scopes: ['billing'] });
    expect((await h.request(`${base}/billing`, { as: DEMO_PROXY.email })).status).toBe(200);
    await grantProxy(db().pool, maria.id, { scopes: ['medications'] });
    expect((await h.request(`${base}/billing`, { as: DEMO_PROXY.email })).status).toBe(403);
    expect((await h.request(`${base}/billing`, { as: NURSE })).status).toBe(200);
    expect((await h.request(`${base}/billing`, { as: 'admin@demo.vitals' })).status).toBe(403);
    expect((await h.request(`/v1/patients/${james.id}/billing`, { as: MARIA })).status).toBe(403);
  });
});

describe('payment plans', () => {
  it('spreads the balance over monthly payments starting next month, one active plan at a time', async () => {
    const tooLong = await h.request(`${base}/payment-plans`, { json: { months: 24 }, as: MARIA });
    expect(tooLong.status).toBe(422);
    expect((await tooLong.json()).detail).toMatch(/below \$10/);
    const r = await h.request(`${base}/payment-plans`, { json: { months: 3 }, as: MARIA });
    expect(r.status).toBe(201);
    expect(await r.json()).toMatchObject({
      totalCents: 6280,
      months: 3,
      status: 'active',
      schedule: [
        { seq: 1, dueDate: '2026-07-01', amountCents: 2094 },
        { seq: 2, dueDate: '2026-08-01', amountCents: 2093 },
        { seq: 3, dueDate: '2026-09-01', amountCents: 2093 },
      ],
    });
    expect((await h.request(`${base}/payment-plans`, { json: { months: 2 }, as: MARIA })).status).toBe(409);
    expect((await (await h.request(`${base}/billing`, { as: MARIA })).json()).paymentPlans).toHaveLength(1);
    expect((await h.request(`${base}/payment-plans`, { json: { months: 1 }, as: MARIA })).status).toBe(400);
  });

  it('has nothing to spread for a patient who owes nothing', async () => {
    const r = await h.request(`/v1/patients/${james.id}/payment-plans`, { json: { months: 3, firstDueDate: '2026-07-15' }, as: 'james@demo.vitals' });
    expect(r.status).toBe(422);
    expect((await r.json()).detail).toMatch(/no balance/);
  });
});

describe('financial assistance', () => {
  it('takes one request at a time, which the care team reviews and decides once', async () => {
    const form = { householdSize: 3, annualIncomeCents: 4_150_000, reason: 'I lost my job in April.' };
    const r = await h.request(`${base}/financial-assistance`, { json: form, as: MARIA });
    expect(r.status).toBe(201);
    const request = await r.json();
    expect(request).toMatchObject({ ...form, status: 'submitted', decisionNote: null });
    expect((await h.request(`${base}/financial-assistance`, { json: form, as: MARIA })).status).toBe(409);

    const statusPath = `${base}/financial-assistance/${request.id}/status`;
    expect((await h.request(statusPath, { json: { status: 'approved' }, as: MARIA })).status).toBe(403);
    expect(await (await h.request(statusPath, { json: { status: 'under_review' }, as: NURSE })).json()).toMatchObject({ status: 'under_review' });
    expect((await h.request(statusPath, { json: { status: 'under_review' }, as: NURSE })).status).toBe(409);
    const approved = await h.request(statusPath, { json: { status: 'approved', note: 'Approved: 75% discount on the May statement.' }, as: NURSE });
    expect(await approved.json()).toMatchObject({ status: 'approved', decisionNote: 'Approved: 75% discount on the May statement.' });
    expect((await h.request(statusPath, { json: { status: 'denied' }, as: NURSE })).status).toBe(409);

    const seen = (await (await h.request(`${base}/billing`, { as: MARIA })).json()).assistanceRequests;
    expect(seen).toEqual([expect.objectContaining({ id: request.id, status: 'approved' })]);
    // decided: a new request may be made
    expect((await h.request(`${base}/financial-assistance`, { json: form, as: MARIA })).status).toBe(201);
  });

  it('validates the form', async () => {
    expect((await h.request(`${base}/financial-assistance`, { json: { householdSize: 0, annualIncomeCents: -1, reason: ' ' }, as: MARIA })).status).toBe(400);
  });
});
