import { beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../common/src/clock.ts';
import { createApp } from '../app.ts';
import { createMemoryMailer } from '../identity/mail/mailer.ts';
import { seedDemo } from '../../../db/src/seed.ts';
import { PATIENTS, USERS } from '../../../db/src/seed-data.ts';
import { apiHarness, type Harness } from '../../../test/support/api-harness.ts';
import { useTestDb } from '../../../test/support/db-fixture.ts';
import { createPatientUser, createProxy } from '../../../test/support/portal-people.ts';
import { EMERGENCY_NOTICE } from './topics.ts';

const db = useTestDb();
const mailer = createMemoryMailer();
let h: Harness;

const MARIA = PATIENTS[0].id;
const LENA = PATIENTS[4].id;
const maria = 'maria@demo.vitals';
const james = 'james@demo.vitals';
const nurse = 'nurse.patel@demo.vitals';
const drChen = 'dr.chen@demo.vitals';
const drJohnson = 'dr.johnson@demo.vitals';
const outsider = 'dr.outside@demo.vitals';
const admin = 'admin@demo.vitals';
const idOf = (email: string) => USERS.find((u) => u.email === email)!.id;

type ThreadJson = { id: string; pool: string; status: string; emergencyNotice: string; assignee: { id: string } | null; unread: number; messages: Array<{ id: string; body: string; correctsMessageId: string | null; readBy: Array<{ userId: string; displayName: string; readAt: string }> }> };

beforeAll(async () => {
  await seedDemo(db().pool);
  h = apiHarness(db().pool, { buildApp: (d) => createApp({ ...d, identity: { mailer } }) });
});

const startThread = async (as: string, patientId: string, body: Record<string, unknown>, via = h) => via.request(`/v1/patients/${patientId}/message-threads`, { json: { subject: 'A question', body: 'Hello', topic: 'medical_question', ...body }, as });
const newThread = async (as: string, patientId: string, body: Record<string, unknown> = {}, via = h) => {
  const r = await startThread(as, patientId, body, via);
  expect(r.status).toBe(201);
  return (await r.json()) as ThreadJson;
};
const reply = (threadId: string, as: string, json: Record<string, unknown>, via = h) => via.request(`/v1/message-threads/${threadId}/messages`, { json, as });
const view = async (threadId: string, as: string) => (await (await h.request(`/v1/message-threads/${threadId}`, { as })).json()) as ThreadJson;

describe('compose', () => {
  it('tells everyone to call 911 in an emergency, lists topics with their pools and the attachment rules', async () => {
    const info = await (await h.request('/v1/messages/compose-info', { as: maria })).json();
    expect(info.emergencyNotice).toMatch(/^If this is an emergency, call 911/);
    expect(Object.fromEntries(info.topics.map((t: { topic: string; pool: string }) => [t.topic, t.pool]))).toEqual({ medical_question: 'care_team', prescription_refill: 'care_team', appointment: 'front_desk', billing: 'billing' });
    expect(info.attachments).toEqual({ maxCount: 3, maxBytesEach: 5 * 1024 * 1024, contentTypes: ['application/pdf', 'image/png', 'image/jpeg'] });
    expect((await h.request('/v1/messages/compose-info')).status).toBe(401);
  });

  it('routes each topic to its pool and shows the emergency notice in the send response', async () => {
    const pools = [];
    for (const topic of ['medical_question', 'prescription_refill', 'appointment', 'billing']) pools.push((await newThread(maria, MARIA, { topic })).pool);
    expect(pools).toEqual(['care_team', 'care_team', 'front_desk', 'billing']);
    const t = await newThread(maria, MARIA);
    expect(t.emergencyNotice).toBe(EMERGENCY_NOTICE);
    expect(t.status).toBe('open');
  });

  it('lets a proxy with the messages scope write, not one without it, and only patients mark a thread confidential', async () => {
    const withScope = await createProxy(db().pool, MARIA, { scopes: ['messages'] });
    const without = await createProxy(db().pool, MARIA, { scopes: ['results'] });
    expect((await startThread(withScope, MARIA, {})).status).toBe(201);
    expect((await startThread(without, MARIA, {})).status).toBe(403);
    expect((await startThread(withScope, MARIA, { confidential: true })).status).toBe(400);
    // staff answer threads, they do not open them on a patient's behalf; other patients cannot write
    expect((await startThread(nurse, MARIA, {})).status).toBe(403);
    expect((await startThread(james, MARIA, {})).status).toBe(403);
  });

  it('validates the request with 400 problem+json', async () => {
    const r = await startThread(maria, MARIA, { topic: 'gossip', subject: '' });
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toBe('application/problem+json');
    expect((await r.json()).errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['topic', 'subject']));
  });
});

describe('who reads and answers a thread', () => {
  it('gives care-team threads to the care team, billing threads to the billing pool, and nobody else', async () => {
    const care = await newThread(maria, MARIA, { subject: 'Dizzy in the mornings' });
    const bill = await newThread(maria, MARIA, { topic: 'billing', subject: 'Invoice 1234' });
    const inboxOf = async (as: string) => ((await (await h.request('/v1/messages/inbox', { as })).json()).threads as Array<{ id: string }>).map((t) => t.id);
    expect(await inboxOf(nurse)).toContain(care.id);
    expect(await inboxOf(nurse)).not.toContain(bill.id);
    expect(await inboxOf(admin)).toContain(bill.id);
    expect(await inboxOf(admin)).not.toContain(care.id);
    expect(await inboxOf(outsider)).toEqual([]);
    // the admin answers billing without clinical access; a care-team clinician reads the billing
    // thread through the patient's record; someone outside both is refused
    expect((await h.request(`/v1/message-threads/${bill.id}`, { as: admin })).status).toBe(200);
    expect((await h.request(`/v1/message-threads/${care.id}`, { as: admin })).status).toBe(403);
    expect((await h.request(`/v1/message-threads/${bill.id}`, { as: drJohnson })).status).toBe(200);
    expect((await h.request(`/v1/message-threads/${care.id}`, { as: outsider })).status).toBe(403);
    expect((await h.request(`/v1/message-threads/${care.id}`, { as: james })).status).toBe(403);
    expect((await h.request('/v1/messages/inbox', { as: maria })).status).toBe(403);
    const audit = await db().pool.query(`SELECT action, reason FROM audit_log WHERE resource = $1 ORDER BY seq`, [`message-thread/${bill.id}`]);
    expect(audit.rows).toEqual(expect.arrayContaining([{ action: 'messages.thread.read', reason: 'via message pool billing' }, { action: 'messages.thread.read', reason: 'via care_team' }]));
  });

  it('hides an adolescent’s confidential thread from a parent proxy (and does not notify them)', async () => {
    const lena = await createPatientUser(db().pool, LENA);
    const parent = await createProxy(db().pool, LENA, { scopes: ['messages'], isParent: true });
    const secret = await newThread(lena, LENA, { subject: 'Private question', confidential: true });
    const open = await newThread(lena, LENA, { subject: 'Insulin pen refill', topic: 'prescription_refill' });
    const listed = (await (await h.request(`/v1/patients/${LENA}/message-threads`, { as: parent })).json()).threads.map((t: { id: string }) => t.id);
    expect(listed).toEqual([open.id]);
    expect((await h.request(`/v1/message-threads/${secret.id}`, { as: parent })).status).toBe(404);
    expect((await h.request(`/v1/message-threads/${secret.id}`, { as: lena })).status).toBe(200);
    expect((await reply(secret.id, nurse, { body: 'Happy to help, Lena.' })).status).toBe(201);
    expect((await reply(open.id, nurse, { body: 'Refill sent.' })).status).toBe(201);
    const told = await db().pool.query<{ link: string }>('SELECT link FROM notifications WHERE user_id = $1', [parent]);
    expect(told.rows.map((r) => r.link)).toEqual([`/messages/${open.id}`]);
  });
});

describe('inbox: claim, assign, status', () => {
  it('claims once, refuses a second claimant, assigns only within the pool, and keeps the history', async () => {
    const t = await newThread(maria, MARIA, { subject: 'Swollen ankles' });
    const claim = await h.request(`/v1/message-threads/${t.id}/claim`, { method: 'POST', as: nurse });
    expect(claim.status).toBe(200);
    expect((await claim.json()).assignee.id).toBe(idOf(nurse));
    expect((await h.request(`/v1/message-threads/${t.id}/claim`, { method: 'POST', as: drChen })).status).toBe(409);
    expect((await h.request(`/v1/message-threads/${t.id}/assign`, { json: { assigneeId: idOf(outsider) }, as: nurse })).status).toBe(400);
    expect((await h.request(`/v1/message-threads/${t.id}/assign`, { json: { assigneeId: idOf(drChen) }, as: nurse })).status).toBe(200);
    const mine = (await (await h.request('/v1/messages/inbox?assigned=me', { as: drChen })).json()).threads.map((x: { id: string }) => x.id);
    expect(mine).toContain(t.id);
    expect((await h.request(`/v1/message-threads/${t.id}/status`, { json: { status: 'closed' }, as: drChen })).status).toBe(200);
    const closed = (await (await h.request('/v1/messages/inbox?status=closed', { as: drChen })).json()).threads.map((x: { id: string }) => x.id);
    expect(closed).toContain(t.id);
    // the admin does not answer the care-team pool
    expect((await h.request(`/v1/message-threads/${t.id}/claim`, { method: 'POST', as: admin })).status).toBe(403);
    const events = await db().pool.query('SELECT action, detail FROM message_thread_events WHERE thread_id = $1 ORDER BY id', [t.id]);
    expect(events.rows).toEqual([
      { action: 'claimed', detail: { assigneeId: idOf(nurse) } },
      { action: 'assigned', detail: { assigneeId: idOf(drChen) } },
      { action: 'status', detail: { from: 'open', to: 'closed' } },
    ]);
  });

  it('moves status with replies: staff reply waits on the patient, patient reply opens, closed takes none', async () => {
    const t = await newThread(maria, MARIA);
    const staffReply = await reply(t.id, drChen, { body: 'Can you send a photo?' });
    expect((await staffReply.json()).status).toBe('waiting_on_patient');
    expect((await (await reply(t.id, maria, { body: 'Here it is.' })).json()).status).toBe('open');
    await h.request(`/v1/message-threads/${t.id}/status`, { json: { status: 'closed' }, as: drChen });
    const late = await reply(t.id, maria, { body: 'One more thing' });
    expect(late.status).toBe(409);
    expect((await late.json()).code).toBe('thread_closed');
  });
});

describe('history and receipts', () => {
  it('never edits or deletes messages: corrections are new messages pointing at the old one', async () => {
    const t = await newThread(maria, MARIA, { body: 'I take 10 units at night.' });
    const original = t.messages[0]!.id;
    const corrected = (await (await reply(t.id, maria, { body: 'Sorry: 12 units at night.', correctsMessageId: original })).json()) as ThreadJson;
    expect(corrected.messages.map((m) => [m.body, m.correctsMessageId])).toEqual([
      ['I take 10 units at night.', null],
      ['Sorry: 12 units at night.', original],
    ]);
    // only one's own message can be corrected
    expect((await reply(t.id, drChen, { body: 'x', correctsMessageId: original })).status).toBe(400);
    await expect(db().pool.query('UPDATE messages SET body = $2 WHERE id = $1', [original, 'edited'])).rejects.toThrow(/append-only/);
    await expect(db().pool.query('DELETE FROM messages WHERE id = $1', [original])).rejects.toThrow(/append-only/);
  });

  it('records read receipts per participant and counts unread messages per person', async () => {
    const t = await newThread(maria, MARIA);
    expect((await view(t.id, nurse)).unread).toBe(1);
    expect((await view(t.id, maria)).unread).toBe(0);
    h.clock.advance(60_000);
    expect(await (await h.request(`/v1/message-threads/${t.id}/read`, { method: 'POST', as: nurse })).json()).toEqual({ marked: 1 });
    expect((await view(t.id, nurse)).unread).toBe(0);
    const seen = await view(t.id, maria);
    expect(seen.messages[0]!.readBy).toEqual([{ userId: idOf(nurse), displayName: 'Priya Patel, RN', readAt: h.clock.now().toISOString() }]);
    await reply(t.id, nurse, { body: 'We will call you today.' });
    const listed = (await (await h.request(`/v1/patients/${MARIA}/message-threads`, { as: maria })).json()).threads.find((x: { id: string }) => x.id === t.id);
    expect(listed.unread).toBe(1);
  });
});

describe('notifications for messages', () => {
  it('tells the pool about a new patient message and the patient about a reply, in the portal and by an email without details', async () => {
    const t = await newThread(maria, MARIA, { subject: 'Chest tightness when walking' });
    const staffTold = await db().pool.query<{ user_id: string; title: string }>('SELECT user_id, title FROM notifications WHERE link = $1', [`/messages/${t.id}`]);
    // Maria is in both care teams: Chen, Patel and Johnson answer her care-team pool
    expect(staffTold.rows.map((r) => r.user_id).sort()).toEqual([idOf(drChen), idOf(nurse), idOf(drJohnson)].sort());
    await h.request(`/v1/message-threads/${t.id}/claim`, { method: 'POST', as: drJohnson });
    await reply(t.id, drJohnson, { body: 'Please come in today; we will see you at 2 pm.' });
    const mail = mailer.lastTo(maria)!;
    expect(mail.subject).toBe('You have a new message in the portal');
    expect(mail.text).not.toMatch(/chest|walking|Johnson|2 pm|http/i);
    const outbox = await db().pool.query(`SELECT status FROM email_outbox WHERE to_address = $1 ORDER BY created_at DESC LIMIT 1`, [maria]);
    expect(outbox.rows[0]).toEqual({ status: 'sent' });
    // once claimed, only the assignee hears about the patient's next message
    h.clock.advance(60_000);
    await reply(t.id, maria, { body: 'Thank you, I will be there.' });
    const latest = await db().pool.query<{ user_id: string }>('SELECT user_id FROM notifications WHERE link = $1 AND created_at = $2', [`/messages/${t.id}`, h.clock.now()]);
    expect(latest.rows.map((r) => r.user_id)).toEqual([idOf(drJohnson)]);
  });
});

describe('response-time metrics', () => {
  it('reports time from the patient’s first message to the first staff reply, per pool', async () => {
    // a fresh harness per instant: sessions would idle out across the jumps
    const clock = new ManualClock(new Date('2026-07-01T09:00:00Z'));
    const at = (iso: string) => {
      clock.set(new Date(iso));
      return apiHarness(db().pool, { clock });
    };
    const start = at('2026-07-01T09:00:00Z');
    const a = await newThread(maria, MARIA, { topic: 'appointment', subject: 'Reschedule' }, start);
    const b = await newThread(maria, MARIA, { topic: 'appointment', subject: 'Parking' }, start);
    await newThread(maria, MARIA, { topic: 'appointment', subject: 'Unanswered' }, start);
    await reply(a.id, nurse, { body: 'Moved to Tuesday.' }, at('2026-07-01T09:30:00Z'));
    const later = at('2026-07-01T10:30:00Z');
    await reply(b.id, admin, { body: 'Free parking in lot B.' }, later);
    await reply(a.id, nurse, { body: 'A second reply does not count.' }, later);
    const r = await later.request('/v1/messages/metrics?from=2026-07-01T00:00:00Z&to=2026-07-02T00:00:00Z', { as: admin });
    const frontDesk = (await r.json()).pools.find((p: { pool: string }) => p.pool === 'front_desk');
    expect(frontDesk).toEqual({ pool: 'front_desk', threads: 3, answered: 2, unanswered: 1, medianMinutes: 60, p90Minutes: 84, meanMinutes: 60 });
    expect((await later.request('/v1/messages/metrics', { as: maria })).status).toBe(403);
  });
});
