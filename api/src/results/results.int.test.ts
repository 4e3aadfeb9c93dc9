import { beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../common/src/clock.ts';
import { createApp } from '../app.ts';
import { createMemoryMailer } from '../identity/mail/mailer.ts';
import { seedDemo } from '../../../db/src/seed.ts';
import { PATIENTS, USERS } from '../../../db/src/seed-data.ts';
import { apiHarness, type Harness } from '../../../test/support/api-harness.ts';
import { useTestDb } from '../../../test/support/db-fixture.ts';
import { createPatientUser, createProxy } from '../../../test/support/portal-people.ts';
import { DEMO_CRITICAL_TASK_ID, DEMO_RESULTS } from './demo-seed.ts';

const db = useTestDb();
const mailer = createMemoryMailer();
let h: Harness;

const [MARIA, JAMES, LENA] = [PATIENTS[0].id, PATIENTS[1].id, PATIENTS[4].id];
const maria = 'maria@demo.vitals';
const nurse = 'nurse.patel@demo.vitals';
const drChen = 'dr.chen@demo.vitals';
const outsider = 'dr.outside@demo.vitals';
const idOf = (email: string) => USERS.find((u) => u.email === email)!.id;

type ResultJson = { id: string; flag: string | null; flagComputed: boolean; critical: boolean; value: number | string; verifiedAt: string | null; releaseAt: string | null; taskId?: string | null };

beforeAll(async () => {
  await seedDemo(db().pool);
  h = apiHarness(db().pool, { buildApp: (d) => createApp({ ...d, identity: { mailer } }) });
});

const glucose = { loinc: '2345-7', category: 'chemistry', value: 95, unit: 'mg/dL', referenceRange: { low: 70, high: 99 }, collectedAt: '2026-05-31T13:00:00Z' };
const record = async (patientId: string, body: Record<string, unknown>, as = drChen) => {
  const r = await h.request(`/v1/patients/${patientId}/results`, { json: { ...glucose, ...body }, as });
  expect(r.status).toBe(201);
  return (await r.json()) as ResultJson;
};
const verify = (patientId: string, id: string, as = drChen, via = h) => via.request(`/v1/patients/${patientId}/results/${id}/verify`, { method: 'POST', as });
const visibleIds = async (patientId: string, as: string, via = h) => {
  const r = await via.request(`/v1/patients/${patientId}/results`, { as });
  expect(r.status).toBe(200);
  return ((await r.json()).results as ResultJson[]).map((x) => x.id);
};

describe('demo results', () => {
  it('show Maria her released results but not the unverified LDL or the biopsy inside its delay, and leave James’s critical potassium with an open call', async () => {
    const byLoinc = (loinc: string) => DEMO_RESULTS.find((r) => r.patientId === MARIA && r.loinc === loinc)!.id;
    const seen = await visibleIds(MARIA, maria);
    expect(seen).toEqual(expect.arrayContaining([byLoinc('2345-7'), byLoinc('2823-3')]));
    expect(seen).not.toContain(byLoinc('13457-7'));
    expect(seen).not.toContain(byLoinc('22637-3'));
    const tasks = (await (await h.request('/v1/care-tasks', { as: 'dr.johnson@demo.vitals' })).json()).tasks;
    expect(tasks.find((t: { id: string }) => t.id === DEMO_CRITICAL_TASK_ID)).toMatchObject({ status: 'open', patient: { id: JAMES }, result: { value: 6.8, flag: 'HH' } });
  });
});

describe('recording results', () => {
  it('computes H/L/N and HH/LL from the ranges when the lab sends no flag, and keeps the lab’s flag', async () => {
    const flags = [];
    for (const value of [95, 130, 55, 620, 35]) flags.push((await record(MARIA, { value })).flag);
    expect(flags).toEqual(['N', 'H', 'L', 'HH', 'LL']);
    const lab = await record(MARIA, { value: 101, flag: 'N' });
    expect([lab.flag, lab.flagComputed]).toEqual(['N', false]);
    const text = await record(MARIA, { loinc: '630-4', displayName: 'Urine culture', category: 'microbiology', value: 'No growth', unit: undefined, referenceRange: undefined });
    expect([text.value, text.flag]).toEqual(['No growth', null]);
  });

  it('accepts only the care team, a known test or a display name, and a UCUM-like unit', async () => {
    expect((await h.request(`/v1/patients/${MARIA}/results`, { json: glucose, as: maria })).status).toBe(403);
    expect((await h.request(`/v1/patients/${MARIA}/results`, { json: glucose, as: outsider })).status).toBe(403);
    const unknown = await h.request(`/v1/patients/${MARIA}/results`, { json: { ...glucose, loinc: '99999-9' }, as: drChen });
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).errors).toEqual([{ path: 'displayName', message: 'required for this LOINC code' }]);
    const bad = await h.request(`/v1/patients/${MARIA}/results`, { json: { ...glucose, loinc: 'A1C', unit: 'mg per dL', referenceRange: { low: 100, high: 70 } }, as: drChen });
    expect((await bad.json()).errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['loinc', 'unit', 'referenceRange.low']));
  });
});

describe('verification and release', () => {
  it('shows a result to the patient only after the ordering clinician verifies it, and tells them without details', async () => {
    const r = await record(MARIA, { value: 131 });
    expect(await visibleIds(MARIA, maria)).not.toContain(r.id);
    expect(await visibleIds(MARIA, nurse)).toContain(r.id);
    expect((await h.request(`/v1/patients/${MARIA}/results/${r.id}`, { as: maria })).status).toBe(404);
    const other = await verify(MARIA, r.id, nurse);
    expect(other.status).toBe(403);
    expect((await other.json()).code).toBe('not_ordering_clinician');
    const ok = await verify(MARIA, r.id);
    expect(ok.status).toBe(200);
    expect((await ok.json()).releaseAt).toBe(h.clock.now().toISOString());
    expect((await verify(MARIA, r.id)).status).toBe(409);
    expect(await visibleIds(MARIA, maria)).toContain(r.id);
    const told = await db().pool.query('SELECT user_id, kind, title FROM notifications WHERE link = $1', [`/results/${r.id}`]);
    expect(told.rows).toEqual([{ user_id: idOf(maria), kind: 'new_result', title: 'New result: Glucose' }]);
    const mail = mailer.lastTo(maria)!;
    expect(mail.subject).toBe('You have a new result in the portal');
    expect(mail.text).not.toMatch(/glucose|131|http/i);
  });

  it('holds a pathology result for the clinic’s 3-day delay after verification, to the millisecond', async () => {
    const r = await record(MARIA, { loinc: '22637-3', displayName: 'Biopsy: final diagnosis', category: 'pathology', value: 'Benign.', unit: undefined, referenceRange: undefined });
    const verifiedAt = Date.parse('2026-06-01T12:00:00Z');
    expect((await (await verify(MARIA, r.id)).json()).releaseAt).toBe(new Date(verifiedAt + 72 * 3_600_000).toISOString());
    // a fresh harness per instant: sessions would idle out across the jump
    const at = (ms: number) => apiHarness(db().pool, { clock: new ManualClock(ms) });
    expect(await visibleIds(MARIA, maria, at(verifiedAt + 72 * 3_600_000 - 1))).not.toContain(r.id);
    expect(await visibleIds(MARIA, maria, at(verifiedAt + 72 * 3_600_000))).toContain(r.id);
    expect(await visibleIds(MARIA, drChen, at(verifiedAt))).toContain(r.id);
    // the patient is told when it is released, not when it is verified
    expect((await db().pool.query('SELECT 1 FROM notifications WHERE link = $1', [`/results/${r.id}`])).rowCount).toBe(0);
  });
});

describe('what proxies see', () => {
  it('hides sensitive categories from proxies until the patient shares them', async () => {
    const proxy = await createProxy(db().pool, MARIA, { scopes: ['results'] });
    const r = await record(MARIA, { loinc: '21613-5', displayName: 'Chlamydia trachomatis DNA', category: 'sexual_health', value: 'Not detected', unit: undefined, referenceRange: undefined });
    await verify(MARIA, r.id);
    expect(await visibleIds(MARIA, maria)).toContain(r.id);
    expect(await visibleIds(MARIA, proxy)).not.toContain(r.id);
    expect((await h.request(`/v1/patients/${MARIA}/results/${r.id}`, { as: proxy })).status).toBe(404);
    await db().pool.query(`INSERT INTO patient_privacy (patient_id, category, share_with_proxies) VALUES ($1, 'sexual_health', true)`, [MARIA]);
    expect(await visibleIds(MARIA, proxy)).toContain(r.id);
    const noScope = await createProxy(db().pool, MARIA, { scopes: ['messages'] });
    expect((await h.request(`/v1/patients/${MARIA}/results`, { as: noScope })).status).toBe(403);
  });

  it('hides what an adolescent marked confidential from a parent proxy, and does not tell them', async () => {
    const lena = await createPatientUser(db().pool, LENA);
    const parent = await createProxy(db().pool, LENA, { scopes: ['results'], isParent: true });
    const secret = await record(LENA, { value: 88, adolescentConfidential: true }, nurse);
    const plain = await record(LENA, { value: 92 }, nurse);
    await verify(LENA, secret.id, nurse);
    await verify(LENA, plain.id, nurse);
    expect(await visibleIds(LENA, lena)).toEqual(expect.arrayContaining([secret.id, plain.id]));
    const parentSees = await visibleIds(LENA, parent);
    expect(parentSees).toContain(plain.id);
    expect(parentSees).not.toContain(secret.id);
    const told = await db().pool.query<{ link: string }>('SELECT link FROM notifications WHERE user_id = $1', [parent]);
    expect(told.rows.map((x) => x.link)).toEqual([`/results/${plain.id}`]);
  });
});

describe('trend, explanation and print', () => {
  it('gives a year of HbA1c as a trend with the explanation of the test', async () => {
    const r = await h.request(`/v1/patients/${MARIA}/results/trend?loinc=4548-4`, { as: maria });
    const trend = await r.json();
    expect(trend.points.map((p: { value: number }) => p.value)).toEqual([8.4, 7.9, 7.5, 7.1, 6.9]);
    expect(trend.points.every((p: { flag: string }) => p.flag === 'H')).toBe(true);
    expect(trend).toMatchObject({ displayName: 'Hemoglobin A1c', unit: '%', referenceRange: { low: 4, high: 5.6, text: null } });
    expect(trend.explanation).toMatch(/average blood sugar/);
    expect((await h.request(`/v1/patients/${MARIA}/results/trend?loinc=A1C`, { as: maria })).status).toBe(400);
  });

  it('explains fifteen common tests', async () => {
    const { rows } = await db().pool.query<{ loinc: string }>('SELECT loinc FROM lab_test_catalog ORDER BY loinc');
    expect(rows.map((r) => r.loinc)).toEqual(expect.arrayContaining(['2345-7', '4548-4', '13457-7', '2085-9', '2160-0', '98979-8', '2823-3', '2951-2', '3016-3', '718-7', '6690-2', '777-3', '1742-6', '1920-8', '62292-8']));
    const detail = await (await h.request(`/v1/patients/${MARIA}/results/${DEMO_RESULTS[5]!.id}`, { as: maria })).json();
    expect(detail).toMatchObject({ displayName: 'Glucose', value: 182, flag: 'H' });
    expect(detail.explanation).toMatch(/main sugar in your blood/);
  });

  it('prints a released result as plain HTML, and nothing unreleased', async () => {
    const r = await h.request(`/v1/patients/${MARIA}/results/${DEMO_RESULTS[4]!.id}/print`, { as: maria });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/html; charset=UTF-8');
    const html = await r.text();
    expect(html).toContain('<h1>Hemoglobin A1c</h1>');
    expect(html).toContain('<td>6.9 %</td>');
    expect(html).not.toMatch(/<script/i);
    const ldl = DEMO_RESULTS.find((x) => x.loinc === '13457-7')!;
    expect((await h.request(`/v1/patients/${MARIA}/results/${ldl.id}/print`, { as: maria })).status).toBe(404);
  });
});

describe('critical results', () => {
  it('opens a call task for the care team, tracked until someone records the call', async () => {
    const r = await record(MARIA, { loinc: '2823-3', category: 'chemistry', value: 6.9, unit: 'mmol/L', referenceRange: { low: 3.5, high: 5.1 } });
    expect([r.flag, r.critical]).toEqual(['HH', true]);
    const taskId = r.taskId!;
    const told = await db().pool.query<{ user_id: string }>("SELECT user_id FROM notifications WHERE kind = 'care_task' AND link = $1", [`/care-tasks/${taskId}`]);
    expect(told.rows.map((x) => x.user_id).sort()).toEqual([idOf(drChen), idOf(nurse), idOf('dr.johnson@demo.vitals')].sort());
    const open = (await (await h.request('/v1/care-tasks', { as: nurse })).json()).tasks;
    expect(open.find((t: { id: string }) => t.id === taskId)).toMatchObject({ status: 'open', patient: { id: MARIA, name: 'Maria Garcia' }, result: { value: 6.9, flag: 'HH' } });
    expect((await h.request(`/v1/care-tasks/${taskId}/complete`, { json: { note: 'x' }, as: outsider })).status).toBe(403);
    const done = await h.request(`/v1/care-tasks/${taskId}/complete`, { json: { note: 'Called; repeat potassium today.' }, as: nurse });
    expect(await done.json()).toMatchObject({ status: 'done', completedBy: { id: idOf(nurse) }, completedAt: h.clock.now().toISOString(), note: 'Called; repeat potassium today.' });
    expect((await h.request(`/v1/care-tasks/${taskId}/complete`, { json: { note: 'again' }, as: drChen })).status).toBe(409);
    const finished = (await (await h.request('/v1/care-tasks?status=done', { as: nurse })).json()).tasks.map((t: { id: string }) => t.id);
    expect(finished).toContain(taskId);
    expect((await h.request('/v1/care-tasks', { as: maria })).status).toBe(403);
  });
});

describe('release delays and the clinician’s queue', () => {
  it('lets the admin set delays per category and the staff read them', async () => {
    const admin = 'admin@demo.vitals';
    expect((await h.request('/v1/result-release-delays', { method: 'PUT', json: { delays: [{ category: 'microbiology', hours: 24 }] }, as: drChen })).status).toBe(403);
    const saved = await h.request('/v1/result-release-delays', { method: 'PUT', json: { delays: [{ category: 'microbiology', hours: 24 }] }, as: admin });
    expect(await saved.json()).toEqual({ delays: [{ category: 'microbiology', hours: 24 }, { category: 'pathology', hours: 72 }] });
    expect((await (await h.request('/v1/result-release-delays', { as: nurse })).json()).delays).toHaveLength(2);
    expect((await h.request('/v1/result-release-delays', { method: 'PUT', json: { delays: [{ category: 'x', hours: -1 }] }, as: admin })).status).toBe(400);
  });

  it('lists what a clinician ordered and has not verified', async () => {
    const mine = (await (await h.request('/v1/results/unverified', { as: 'dr.johnson@demo.vitals' })).json()).results.map((r: { id: string }) => r.id);
    expect(mine).toContain(DEMO_RESULTS.find((r) => r.patientId === JAMES && r.loinc === '2823-3')!.id);
  });
});
