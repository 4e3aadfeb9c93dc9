import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../common/src/clock.ts';
import { seedDemo } from '../../../db/src/seed.ts';
import { PATIENTS } from '../../../db/src/seed-data.ts';
import { apiHarness, type Harness } from '../../../test/support/api-harness.ts';
import { useTestDb } from '../../../test/support/db-fixture.ts';
import { DEMO_PROXY, grantProxy } from '../portal-records/testing/proxy-grant.ts';
import { DEMO_DEPARTMENT, DEMO_LOCATION, DEMO_PROVIDERS, DEMO_VISIT_TYPES } from './demo-data.ts';
import { generateSlots } from './slot-generation.ts';
import { freeSlots } from './testing/scheduling-fixture.ts';

const db = useTestDb();
const START = new Date('2026-06-01T12:00:00Z'); // Monday, 08:00 in New York
const clock = new ManualClock(START);
let h: Harness;
const maria = PATIENTS[0].id;
const MARIA = 'maria@demo.vitals';
const NURSE = 'nurse.patel@demo.vitals'; // Maria's care team, not a provider of her visits
const CHEN = 'dr.chen@demo.vitals'; // Maria's care team and the provider
const ADMIN = 'admin@demo.vitals';
const { chen, patel } = DEMO_PROVIDERS;
const { inPerson, video } = DEMO_VISIT_TYPES;

const base = `/v1/patients/${maria}`;
const book = (slotId: string, as = MARIA, patient: string = maria) => h.request(`/v1/patients/${patient}/appointments`, { json: { slotId, reason: 'follow-up' }, as });
const post = (path: string, json: unknown, as: string) => h.request(`${base}/appointments/${path}`, { json, as });
const slotsFor = async (query: string, as = MARIA) => (await (await h.request(`${base}/appointment-slots?${query}`, { as })).json()).slots as Array<{ id: string; startsAt: string }>;
const setFeature = (json: unknown) => h.request('/v1/admin/clinic/features', { method: 'PUT', json, as: ADMIN });

/** Move the clock; sessions idle out after 30 minutes, so sign everyone in again. */
const at = (t: Date) => {
  clock.set(t);
  h = apiHarness(db().pool, { clock });
};

beforeAll(async () => {
  await seedDemo(db().pool);
  await generateSlots(db().pool, { now: START, weeks: 3 });
});
beforeEach(() => at(START));

describe('open slots', () => {
  it('shows patients only slots past the cutoff; staff see every open slot', async () => {
    const q = `providerId=${chen.id}&visitTypeId=${inPerson.id}&from=2026-06-01&to=2026-06-03`;
    const mine = await slotsFor(q);
    // Monday's 09:00–12:00 slots start within 24 hours: not bookable online
    expect(mine[0]!.startsAt).toBe('2026-06-03T13:00:00.000Z');
    expect(mine).toHaveLength(6);
    const staff = (await (await h.request(`/v1/appointment-slots?${q}`, { as: NURSE })).json()).slots;
    expect(staff[0].startsAt).toBe('2026-06-01T13:00:00.000Z');
    expect(staff).toHaveLength(12);
  });

  it('validates the date range', async () => {
    const r = await h.request(`${base}/appointment-slots?from=2026-06-10&to=2026-06-01`, { as: MARIA });
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toBe('application/problem+json');
  });
});

describe('booking', () => {
  it('books a slot with the forms due before the visit; the slot is then gone from the search', async () => {
    const [slot] = await freeSlots(db().pool, { providerId: chen.id, visitTypeId: inPerson.id, after: new Date('2026-06-08T00:00:00Z') });
    const r = await book(slot!.id);
    expect(r.status).toBe(201);
    const a = await r.json();
    expect(a).toMatchObject({ status: 'booked', patientId: maria, startsAt: slot!.startsAt.toISOString(), timeZone: 'America/New_York', videoUrl: null, provider: { id: chen.id } });
    expect(a.location).toMatchObject({ name: DEMO_LOCATION.name, phone: DEMO_LOCATION.phone });
    expect(a.changeableOnlineUntil).toBe(new Date(slot!.startsAt.getTime() - 24 * 3_600_000).toISOString());
    expect(a.formsDue).toEqual([{ kind: 'questionnaire', formId: 'pre-visit-health-update', dueBy: a.changeableOnlineUntil }]);
    const again = await slotsFor(`providerId=${chen.id}&from=2026-06-08&to=2026-06-08`);
    expect(again.map((s) => s.id)).not.toContain(slot!.id);
    expect((await book(slot!.id, 'james@demo.vitals', PATIENTS[1].id)).status).toBe(409);
    const audit = await db().pool.query(`SELECT action, reason FROM audit_log WHERE patient_id = $1 AND action = 'appointment.book'`, [maria]);
    expect(audit.rows.at(-1)).toEqual({ action: 'appointment.book', reason: 'via self' });
  });

  it('refuses a patient two visits at once', async () => {
    // Dr. Chen's Wednesday in-person hours overlap Nurse Patel's Wednesday video hours
    const wed = new Date('2026-06-10T14:00:00Z'); // 10:00 local
    const [a] = (await freeSlots(db().pool, { providerId: chen.id, visitTypeId: inPerson.id, after: new Date(wed.getTime() - 1), count: 1 }));
    const [b] = await freeSlots(db().pool, { providerId: patel.id, visitTypeId: video.id, after: new Date(wed.getTime() - 1) });
    expect(a!.startsAt).toEqual(wed);
    expect(b!.startsAt).toEqual(wed);
    expect((await book(a!.id)).status).toBe(201);
    const r = await book(b!.id);
    expect(r.status).toBe(409);
    expect((await r.json()).detail).toMatch(/already has a visit at that time/);
  });

  it('keeps others out: another patient gets 403, and 404 on their own path', async () => {
    const [slot] = await freeSlots(db().pool, { providerId: chen.id, visitTypeId: inPerson.id, after: new Date('2026-06-12T00:00:00Z') });
    const a = await (await book(slot!.id)).json();
    expect((await h.request(`${base}/appointments/${a.id}`, { as: 'james@demo.vitals' })).status).toBe(403);
    expect((await h.request(`/v1/patients/${PATIENTS[1].id}/appointments/${a.id}`, { as: 'james@demo.vitals' })).status).toBe(404);
    expect((await book(slot!.id, 'james@demo.vitals')).status).toBe(403);
  });

  it('lets a proxy with the appointments scope book, and not one without it', async () => {
    const [slot] = await freeSlots(db().pool, { providerId: chen.id, visitTypeId: inPerson.id, after: new Date('2026-06-15T00:00:00Z') });
    await grantProxy(db().pool, maria, { scopes: ['results'] });
    expect((await book(slot!.id, DEMO_PROXY.email)).status).toBe(403);
    await grantProxy(db().pool, maria, { scopes: ['appointments'] });
    expect((await book(slot!.id, DEMO_PROXY.email)).status).toBe(201);
    const list = await (await h.request(`${base}/appointments`, { as: DEMO_PROXY.email })).json();
    expect(list.appointments.map((x: { startsAt: string }) => x.startsAt)).toContain(slot!.startsAt.toISOString());
  });
});

describe('video visits', () => {
  it('shows the unguessable link to the patient and the provider only, in JSON and ICS', async () => {
    const [slot] = await freeSlots(db().pool, { providerId: chen.id, visitTypeId: video.id, after: new Date('2026-06-04T00:00:00Z') });
    const a = await (await book(slot!.id)).json();
    expect(a.videoUrl).toMatch(/^http:\/\/localhost:3000\/video\/[A-Za-z0-9_-]{43}$/);
    expect(a.formsDue).toEqual([{ kind: 'consent', formId: 'telehealth', dueBy: a.startsAt }]);
    const as = async (who: string) => (await (await h.request(`${base}/appointments/${a.id}`, { as: who })).json()).videoUrl;
    expect(await as(CHEN)).toBe(a.videoUrl);
    expect(await as(NURSE)).toBeNull();
    const schedule = await (await h.request('/v1/me/schedule?from=2026-06-01&to=2026-06-20', { as: CHEN })).json();
    expect(schedule.appointments.find((x: { id: string }) => x.id === a.id)).toMatchObject({ videoUrl: a.videoUrl, patient: { id: maria, name: 'Maria Garcia' } });
    expect((await (await h.request('/v1/me/schedule?from=2026-06-01&to=2026-06-20', { as: NURSE })).json()).appointments.map((x: { id: string }) => x.id)).not.toContain(a.id);
    const ics = async (who: string) => (await h.request(`${base}/appointments/${a.id}.ics`, { as: who })).text();
    expect(await ics(MARIA)).toContain(`URL:${a.videoUrl}`);
    expect(await ics(NURSE)).not.toContain('URL:');
  });
});

describe('calendar export', () => {
  it('is an RFC 5545 VEVENT in UTC with no health details beyond the visit type', async () => {
    const [slot] = await freeSlots(db().pool, { providerId: chen.id, visitTypeId: inPerson.id, after: new Date('2026-06-17T00:00:00Z') });
    const a = await (await book(slot!.id)).json();
    const r = await h.request(`${base}/appointments/${a.id}.ics`, { as: MARIA });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    // unfold (RFC 5545 3.1): the LOCATION line is longer than 75 octets
    const lines = (await r.text()).replace(/\r\n /g, '').split('\r\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        'BEGIN:VEVENT',
        `UID:${a.id}@localhost`,
        'DTSTAMP:20260601T120000Z',
        `DTSTART:${slot!.startsAt.toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`,
        'SEQUENCE:0',
        'STATUS:CONFIRMED',
        'SUMMARY:In-person visit',
        'LOCATION:Riverside Family Clinic — Main Street\\, 100 Main Street\\, Riverside',
      ]),
    );
    expect(lines.join('\n')).not.toMatch(/follow-up|Maria|Garcia/);
    expect((await h.request(`${base}/appointments/${a.id}.ics`, { as: 'james@demo.vitals' })).status).toBe(403);
    expect((await h.request(`${base}/appointments/not-a-uuid.ics`, { as: MARIA })).status).toBe(400);
  });
});

describe('cancel and reschedule', () => {
  it('lets the patient cancel and reschedule until the cutoff; then they must call the clinic', async () => {
    const slots = await freeSlots(db().pool, { providerId: chen.id, visitTypeId: inPerson.id, after: new Date('2026-06-19T00:00:00Z'), count: 3 });
    const a = await (await book(slots[0]!.id)).json();
    const moved = await post(`${a.id}/reschedule`, { slotId: slots[1]!.id }, MARIA);
    expect(moved.status).toBe(200);
    expect(await moved.json()).toMatchObject({ id: a.id, startsAt: slots[1]!.startsAt.toISOString(), status: 'booked' });
    expect(await (await h.request(`${base}/appointments/${a.id}.ics`, { as: MARIA })).text()).toContain('SEQUENCE:1');
    // the old time is open again
    expect((await slotsFor(`providerId=${chen.id}&from=2026-06-19&to=2026-06-19`)).map((s) => s.id)).toContain(slots[0]!.id);

    at(new Date(slots[1]!.startsAt.getTime() - 23 * 3_600_000));
    for (const r of [await post(`${a.id}/cancel`, {}, MARIA), await post(`${a.id}/reschedule`, { slotId: slots[2]!.id }, MARIA)]) {
      expect(r.status).toBe(409);
      expect(r.headers.get('content-type')).toBe('application/problem+json');
      const p = await r.json();
      expect(p.type).toBe('https://vitals.example.org/problems/appointment-cutoff-passed');
      expect(p.detail).toMatch(/until 24 hours before .* call the clinic at \+1 555 010 2000/);
      expect(p.clinicPhone).toBe('+1 555 010 2000');
    }
    // staff may change it at any time
    const cancelled = await post(`${a.id}/cancel`, { reason: 'provider ill' }, NURSE);
    expect(cancelled.status).toBe(200);
    expect(await cancelled.json()).toMatchObject({ status: 'cancelled', cancelledAt: clock.now().toISOString() });
    expect((await post(`${a.id}/cancel`, {}, NURSE)).status).toBe(409);
  });

  it('reschedules only to the same visit type, and not into a taken slot', async () => {
    const [a1, a2] = await freeSlots(db().pool, { providerId: chen.id, visitTypeId: inPerson.id, after: new Date('2026-06-15T16:00:00Z'), count: 2 });
    const [v] = await freeSlots(db().pool, { providerId: chen.id, visitTypeId: video.id, after: new Date('2026-06-15T00:00:00Z') });
    const a = await (await book(a1!.id)).json();
    const other = await (await book(a2!.id, NURSE, PATIENTS[3].id)).json();
    expect(other.status).toBe('booked');
    expect((await post(`${a.id}/reschedule`, { slotId: v!.id }, MARIA)).status).toBe(400);
    expect((await post(`${a.id}/reschedule`, { slotId: a2!.id }, MARIA)).status).toBe(409);
  });
});

describe('self-scheduling switch', () => {
  it('refuses patients (403 problem+json) when the clinic switches it off; staff still book', async () => {
    const [s1, s2] = await freeSlots(db().pool, { providerId: chen.id, visitTypeId: inPerson.id, after: new Date('2026-06-16T00:00:00Z'), count: 2 });
    expect((await setFeature({ features: { self_scheduling: false } })).status).toBe(200);
    const r = await book(s1!.id);
    expect(r.status).toBe(403);
    expect(await r.json()).toMatchObject({ type: 'https://vitals.example.org/problems/feature-disabled', feature: 'self_scheduling' });
    expect((await h.request(`${base}/appointment-slots?from=2026-06-16&to=2026-06-17`, { as: MARIA })).status).toBe(403);
    expect((await h.request(`${base}/appointments`, { as: MARIA })).status).toBe(200);
    expect((await book(s1!.id, NURSE)).status).toBe(201);
    await setFeature({ features: { self_scheduling: null } });

    // a department can switch itself off: its slots vanish from patients' searches and cannot be booked
    await setFeature({ departmentId: DEMO_DEPARTMENT.id, features: { self_scheduling: false } });
    expect(await slotsFor('from=2026-06-16&to=2026-06-17')).toEqual([]);
    const d = await book(s2!.id);
    expect(d.status).toBe(403);
    expect((await d.json()).detail).toMatch(/call the clinic at \+1 555 010 2000/);
    await setFeature({ departmentId: DEMO_DEPARTMENT.id, features: { self_scheduling: null } });
    expect((await book(s2!.id)).status).toBe(201);
  });
});
