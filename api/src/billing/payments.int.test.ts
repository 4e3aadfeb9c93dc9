import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { seedDemo } from '../../../db/src/seed.ts';
import { PATIENTS } from '../../../db/src/seed-data.ts';
import { apiHarness, type Harness } from '../../../test/support/api-harness.ts';
import { useTestDb } from '../../../test/support/db-fixture.ts';
import { demoId } from '../portal-records/demo-ids.ts';
import { featureApp } from '../portal-records/testing/feature-app.ts';
import { DEMO_PROXY, grantProxy } from '../portal-records/testing/proxy-grant.ts';
import { FAKE_TOKENS, createFakePaymentProcessor } from './fake-payment-processor.ts';
import { billingRoutes } from './routes.ts';

const db = useTestDb();
// latency widens the window in which duplicates overlap
const processor = createFakePaymentProcessor({ latencyMs: 40 });
let h: Harness;
const [maria] = PATIENTS;
const MARIA = 'maria@demo.vitals';
const path = `/v1/patients/${maria.id}/payments`;

beforeAll(async () => {
  await seedDemo(db().pool);
  h = apiHarness(db().pool, { buildApp: (deps) => featureApp(deps, (app) => app.route('/', billingRoutes({ db: deps.db, clock: deps.clock, processor }))) });
});

let keyNo = 0;
let key = '';
beforeEach(() => {
  key = `test-key-${++keyNo}-${Date.now()}`;
});

const pay = (json: unknown, opts: { key?: string | null; as?: string } = {}) =>
  h.request(path, { json, as: opts.as ?? MARIA, headers: opts.key === null ? {} : { 'idempotency-key': opts.key ?? key } });
const balance = async () => (await (await h.request(`/v1/patients/${maria.id}/billing`, { as: MARIA })).json()).balanceCents as number;
const paymentRows = async () => (await db().pool.query('SELECT count(*)::int AS n FROM payments WHERE patient_id = $1', [maria.id])).rows[0].n as number;

describe('card payments with Idempotency-Key', () => {
  it('needs the header', async () => {
    const r = await pay({ amountCents: 100, token: FAKE_TOKENS.ok }, { key: null });
    expect(r.status).toBe(400);
    expect((await r.json()).errors[0].path).toBe('Idempotency-Key');
  });

  it('charges once, and answers a retry with the stored response without charging again', async () => {
    const before = { balance: await balance(), charges: processor.charges.length };
    const first = await pay({ amountCents: 1000, token: FAKE_TOKENS.ok });
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const payment = await first.json();
    expect(payment).toMatchObject({ amountCents: 1000, status: 'succeeded', statementId: null, failureReason: null });

    const retry = await pay({ token: FAKE_TOKENS.ok, amountCents: 1000 });
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await retry.json()).toEqual(payment);
    expect(processor.charges.length).toBe(before.charges + 1);
    expect(await balance()).toBe(before.balance - 1000);
  });

  it('refuses the same key with a different body (422) without charging', async () => {
    await pay({ amountCents: 500, token: FAKE_TOKENS.ok });
    const charges = processor.charges.length;
    const r = await pay({ amountCents: 600, token: FAKE_TOKENS.ok });
    expect(r.status).toBe(422);
    expect(await r.json()).toMatchObject({ type: 'https://vitals.example.org/problems/idempotency-key-reused' });
    expect(processor.charges.length).toBe(charges);
  });

  it('charges once for concurrent duplicates, all of which get the same answer', async () => {
    const charges = processor.charges.length;
    const rows = await paymentRows();
    const responses = await Promise.all(Array.from({ length: 8 }, () => pay({ amountCents: 300, token: FAKE_TOKENS.ok })));
    expect(responses.map((r) => r.status)).toEqual(Array(8).fill(201));
    const bodies = await Promise.all(responses.map((r) => r.json()));
    expect(new Set(bodies.map((b) => b.id)).size).toBe(1);
    expect(responses.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(7);
    expect(processor.charges.length).toBe(charges + 1);
    expect(await paymentRows()).toBe(rows + 1);
  });

  it('lets concurrent payments with different keys pay the balance only once', async () => {
    const owed = await balance();
    const charges = processor.charges.length;
    const responses = await Promise.all(['a', 'b', 'c'].map((k) => pay({ amountCents: owed, token: FAKE_TOKENS.ok }, { key: `${key}-${k}` })));
    expect(responses.map((r) => r.status).sort()).toEqual([201, 422, 422]);
    expect(processor.charges.length).toBe(charges + 1);
    expect(await balance()).toBe(0);
  });

  it('records a declined card and replays the decline; an unreachable processor leaves the key free', async () => {
    await db().pool.query(`INSERT INTO charges (statement_id, service_date, cpt_code, description, amount_cents) VALUES ($1, '2026-05-30', '99458', 'RPM management, each additional 20 minutes', 4000)`, [demoId(31, 1)]);
    const declined = await pay({ amountCents: 2000, token: FAKE_TOKENS.declined });
    expect(await declined.json()).toMatchObject({ status: 'declined', failureReason: 'the card was declined', processorReference: null });
    expect((await pay({ amountCents: 2000, token: FAKE_TOKENS.declined })).headers.get('idempotent-replayed')).toBe('true');
    expect(await balance()).toBe(4000);

    const second = `${key}-net`;
    expect((await pay({ amountCents: 2000, token: FAKE_TOKENS.unreachable }, { key: second })).status).toBe(503);
    expect((await db().pool.query('SELECT 1 FROM idempotency_keys WHERE key = $1', [second])).rowCount).toBe(0);
    expect((await pay({ amountCents: 2000, token: FAKE_TOKENS.ok }, { key: second })).status).toBe(201);
    expect(await balance()).toBe(2000);
  });

  it('refuses more than is due (422) and an unknown statement (404); pays toward a statement', async () => {
    expect((await pay({ amountCents: 2001, token: FAKE_TOKENS.ok })).status).toBe(422);
    // March's statement is paid in full
    expect((await pay({ amountCents: 100, token: FAKE_TOKENS.ok, statementId: demoId(31, 2) }, { key: `${key}-march` })).status).toBe(422);
    expect((await pay({ amountCents: 100, token: FAKE_TOKENS.ok, statementId: demoId(31, 99) }, { key: `${key}-none` })).status).toBe(404);
    const r = await pay({ amountCents: 100, token: FAKE_TOKENS.ok, statementId: demoId(31, 1) }, { key: `${key}-may` });
    expect(await r.json()).toMatchObject({ status: 'succeeded', statementId: demoId(31, 1) });
  });

  it('keeps keys per user: a proxy reusing a key string makes its own payment; staff cannot pay', async () => {
    await pay({ amountCents: 100, token: FAKE_TOKENS.ok });
    await grantProxy(db().pool, maria.id, { scopes: ['billing'] });
    const r = await pay({ amountCents: 100, token: FAKE_TOKENS.ok }, { as: DEMO_PROXY.email });
    expect(r.status).toBe(201);
    expect(r.headers.get('idempotent-replayed')).toBeNull();
    expect((await pay({ amountCents: 100, token: FAKE_TOKENS.ok }, { as: 'nurse.patel@demo.vitals' })).status).toBe(403);
    await grantProxy(db().pool, maria.id, { scopes: ['medications'] });
    expect((await pay({ amountCents: 100, token: FAKE_TOKENS.ok }, { as: DEMO_PROXY.email, key: `${key}-x` })).status).toBe(403);
  });
});
