import { beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../common/src/clock.ts';
import { seedDemo } from '../../../db/src/seed.ts';
import { PATIENTS, USERS } from '../../../db/src/seed-data.ts';
import { apiHarness, type Harness } from '../../../test/support/api-harness.ts';
import { useTestDb } from '../../../test/support/db-fixture.ts';
import { DEMO_PROVIDERS, DEMO_VISIT_TYPES } from './demo-data.ts';
import { generateSlots } from './slot-generation.ts';
import { freeSlots, notificationsOf } from './testing/scheduling-fixture.ts';
import { expireWaitlistOffers } from './waitlist.ts';

const db = useTestDb();
const START = new Date('2026-06-01T12:00:00Z');
const clock = new ManualClock(START);
let h: Harness;
const [maria, james, aiko, samuel] = PATIENTS;
const userOf = (email: string) => USERS.find((u) => u.email === email)!.id;
const { chen } = DEMO_PROVIDERS;
const { inPerson, video } = DEMO_VISIT_TYPES;
const HOLD_MINUTES = 120;

const at = (t: Date) => {
  clock.set(t);
  h = apiHarness(db().pool, { clock });
};
const join = async (patientId: string, as: string, json: object) => {
  const r = await h.request(`/v1/patients/${patientId}/waitlist`, { json, as });
  expect(r.status).toBe(201);
  return r.json();
};
const entries = async (patientId: string, as: string) => (await (await h.request(`/v1/patients/${patientId}/waitlist`, { as })).json()).entries;
const bookAs = async (patientId: string, as: string, slotId: string) => h.request(`/v1/patients/${patientId}/appointments`, { json: { slotId }, as });
const cancel = (appointmentId: string) => h.request(`/v1/patients/${maria.id}/appointments/${appointmentId}/cancel`, { json: {}, as: 'maria@demo.vitals' });
const offerAction = (patientId: string, as: string, offerId: string, action: 'accept' | 'decline') => h.request(`/v1/patients/${patientId}/waitlist/offers/${offerId}/${action}`, { method: 'POST', as });

beforeAll(async () => {
  await seedDemo(db().pool);
  await generateSlots(db().pool, { now: START, weeks: 3 });
  at(START);
});

describe('waitlist', () => {
  it('offers a freed slot to the first matching patient, holds it, then passes it on when the offer expires', async () => {
    const [slot] = await freeSlots(db().pool, { providerId: chen.id, visitTypeId: inPerson.id, after: new Date('2026-06-10T00:00:00Z') });
    const mine = await (await bookAs(maria.id, 'maria@demo.vitals', slot!.id)).json();
    await join(james.id, 'james@demo.vitals', { visitTypeId: video.id, earliest: '2026-06-01', latest: '2026-06-30' }); // other visit type: never offered
    await join(aiko.id, 'aiko@demo.vitals', { providerId: chen.id, visitTypeId: inPerson.id, earliest: '2026-06-08', latest: '2026-06-12' });
    await join(samuel.id, 'samuel@demo.vitals', { visitTypeId: inPerson.id, earliest: '2026-06-10', latest: '2026-06-10' });

    expect((await cancel(mine.id)).status).toBe(200);
    const [aikoEntry] = await entries(aiko.id, 'aiko@demo.vitals');
    expect(aikoEntry).toMatchObject({ status: 'offered', offer: { slot: { id: slot!.id }, expiresAt: new Date(START.getTime() + HOLD_MINUTES * 60_000).toISOString() } });
    expect((await notificationsOf(db().pool, userOf('aiko@demo.vitals')))[0]).toMatchObject({ kind: 'appointment_change', link: '/appointments/waitlist' });
    expect((await notificationsOf(db().pool, userOf('aiko@demo.vitals')))[0]!.title).toMatch(/^An earlier time is available: In-person visit, Wed, Jun 10, 2026, 9:00 AM/);

    // held: nobody else sees or books it
    const seen = await (await h.request(`/v1/patients/${samuel.id}/appointment-slots?providerId=${chen.id}&from=2026-06-10&to=2026-06-10`, { as: 'samuel@demo.vitals' })).json();
    expect(seen.slots.map((s: { id: string }) => s.id)).not.toContain(slot!.id);
    const taken = await bookAs(samuel.id, 'samuel@demo.vitals', slot!.id);
    expect(taken.status).toBe(409);
    expect((await taken.json()).detail).toMatch(/offered to a patient on the waitlist/);

    // the offer expires: accepting now fails, and the next patient is offered the slot
    at(new Date(START.getTime() + (HOLD_MINUTES + 1) * 60_000));
    const late = await offerAction(aiko.id, 'aiko@demo.vitals', aikoEntry.offer.id, 'accept');
    expect(late.status).toBe(409);
    expect((await late.json()).detail).toMatch(/expired/);
    expect((await entries(aiko.id, 'aiko@demo.vitals'))[0]).toMatchObject({ status: 'waiting', offer: null });
    const [samuelEntry] = await entries(samuel.id, 'samuel@demo.vitals');
    expect(samuelEntry).toMatchObject({ status: 'offered', offer: { slot: { id: slot!.id } } });

    // Samuel declines; James waits for another visit type, so the slot is simply open again
    expect((await offerAction(samuel.id, 'samuel@demo.vitals', samuelEntry.offer.id, 'decline')).status).toBe(204);
    expect((await entries(samuel.id, 'samuel@demo.vitals'))[0]).toMatchObject({ status: 'waiting', offer: null });
    expect((await entries(james.id, 'james@demo.vitals'))[0]).toMatchObject({ status: 'waiting', offer: null });
    expect((await bookAs(james.id, 'james@demo.vitals', slot!.id)).status).toBe(201);
  });

  it('books the slot when the patient accepts in time, and serves the entry', async () => {
    at(START);
    const [slot] = await freeSlots(db().pool, { providerId: chen.id, visitTypeId: inPerson.id, after: new Date('2026-06-11T00:00:00Z') });
    const mine = await (await bookAs(maria.id, 'maria@demo.vitals', slot!.id)).json();
    await cancel(mine.id);
    // Aiko waits (since the first test) and never had this slot
    const [entry] = await entries(aiko.id, 'aiko@demo.vitals');
    expect(entry.offer.slot.id).toBe(slot!.id);
    at(new Date(START.getTime() + 30 * 60_000));
    const accepted = await offerAction(aiko.id, 'aiko@demo.vitals', entry.offer.id, 'accept');
    expect(accepted.status).toBe(201);
    expect(await accepted.json()).toMatchObject({ patientId: aiko.id, startsAt: slot!.startsAt.toISOString(), status: 'booked' });
    expect(await entries(aiko.id, 'aiko@demo.vitals')).toEqual([]);
    expect((await offerAction(aiko.id, 'aiko@demo.vitals', entry.offer.id, 'accept')).status).toBe(409);
  });

  it('expires offers in the maintenance sweep, and withdraws an open offer when the patient leaves', async () => {
    at(START);
    const [slot] = await freeSlots(db().pool, { providerId: chen.id, visitTypeId: inPerson.id, after: new Date('2026-06-10T14:00:00Z') });
    const mine = await (await bookAs(maria.id, 'maria@demo.vitals', slot!.id)).json();
    const other = await join(aiko.id, 'aiko@demo.vitals', { visitTypeId: inPerson.id, earliest: '2026-06-10', latest: '2026-06-10' });
    await cancel(mine.id);
    // Samuel (waiting since the first test) comes first
    const [samuelEntry] = await entries(samuel.id, 'samuel@demo.vitals');
    expect(samuelEntry.offer.slot.id).toBe(slot!.id);
    const deps = { db: db().pool, offerHoldMinutes: HOLD_MINUTES };
    expect(await expireWaitlistOffers(deps, START)).toEqual({ expired: 0, offered: 0 });
    expect(await expireWaitlistOffers(deps, new Date(START.getTime() + HOLD_MINUTES * 60_000))).toEqual({ expired: 1, offered: 1 });
    const [aikoOffer] = (await entries(aiko.id, 'aiko@demo.vitals')).filter((e: { id: string }) => e.id === other.id);
    expect(aikoOffer.offer.slot.id).toBe(slot!.id);
    // Aiko leaves the waitlist: her offer is withdrawn and the slot is free (nobody else waits for it)
    expect((await h.request(`/v1/patients/${aiko.id}/waitlist/${other.id}`, { method: 'DELETE', as: 'aiko@demo.vitals' })).status).toBe(204);
    const { rows } = await db().pool.query('SELECT status FROM waitlist_offers WHERE entry_id = $1', [other.id]);
    expect(rows).toEqual([{ status: 'withdrawn' }]);
    expect((await h.request(`/v1/patients/${aiko.id}/waitlist/${other.id}`, { method: 'DELETE', as: 'aiko@demo.vitals' })).status).toBe(404);
  });

  it('refuses a waitlist for a visit type of another clinic, or a range that ends before it starts', async () => {
    const bad = await h.request(`/v1/patients/${aiko.id}/waitlist`, { json: { visitTypeId: '00000000-0000-4000-8000-0000000000ff', earliest: '2026-06-01', latest: '2026-06-02' }, as: 'aiko@demo.vitals' });
    expect(bad.status).toBe(400);
    const backwards = await h.request(`/v1/patients/${aiko.id}/waitlist`, { json: { visitTypeId: inPerson.id, earliest: '2026-06-10', latest: '2026-06-02' }, as: 'aiko@demo.vitals' });
    expect(backwards.status).toBe(400);
  });
});
