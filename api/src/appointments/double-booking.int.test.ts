import { beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../common/src/clock.ts';
import { seedDemo } from '../../../db/src/seed.ts';
import { CLINIC, PATIENTS } from '../../../db/src/seed-data.ts';
import { apiHarness, type Harness } from '../../../test/support/api-harness.ts';
import { useTestDb } from '../../../test/support/db-fixture.ts';
import { DEMO_LOCATION, DEMO_PROVIDERS, DEMO_VISIT_TYPES } from './demo-data.ts';
import { generateSlots } from './slot-generation.ts';
import { addPatients, freeSlots } from './testing/scheduling-fixture.ts';

// enough connections that the 50 requests really run at the same time
const db = useTestDb({ poolMax: 30 });
const START = new Date('2026-06-01T12:00:00Z');
let h: Harness;
const { chen } = DEMO_PROVIDERS;
const { inPerson } = DEMO_VISIT_TYPES;

beforeAll(async () => {
  await seedDemo(db().pool);
  h = apiHarness(db().pool, { clock: new ManualClock(START) });
  await generateSlots(db().pool, { now: START, weeks: 2 });
});

describe('no double booking', () => {
  it('50 patients booking one slot at once: exactly one 201, 49 × 409 problem+json', async () => {
    const patients = await addPatients(db().pool, 50);
    const [slot] = await freeSlots(db().pool, { providerId: chen.id, visitTypeId: inPerson.id, after: new Date('2026-06-05T00:00:00Z') });
    // sign everyone in first, so the bookings themselves start together
    const headers = await Promise.all(patients.map((p) => h.sessionHeaders(p.userId)));
    const responses = await Promise.all(
      patients.map((p, i) => h.request(`/v1/patients/${p.patientId}/appointments`, { json: { slotId: slot!.id }, headers: headers[i]! })),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    for (const r of responses.filter((x) => x.status === 409)) {
      expect(r.headers.get('content-type')).toBe('application/problem+json');
      expect((await r.json()).detail).toMatch(/just booked by someone else/);
    }
    const { rows } = await db().pool.query(`SELECT count(*)::int AS n FROM appointments WHERE slot_id = $1 AND status <> 'cancelled'`, [slot!.id]);
    expect(rows[0].n).toBe(1);
  });

  it('the database itself refuses a second active appointment on a slot or an overlapping time of the provider', async () => {
    const [s1, s2] = await freeSlots(db().pool, { providerId: chen.id, visitTypeId: inPerson.id, after: new Date('2026-06-08T00:00:00Z'), count: 2 });
    const insert = (patientId: string, slot: { id: string; startsAt: Date }, minutes = 30) =>
      db().pool.query(
        `INSERT INTO appointments (clinic_id, patient_id, slot_id, provider_id, location_id, visit_type_id, starts_at, ends_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [CLINIC.id, patientId, slot.id, chen.id, DEMO_LOCATION.id, inPerson.id, slot.startsAt, new Date(slot.startsAt.getTime() + minutes * 60_000)],
      );
    await insert(PATIENTS[0].id, s1!);
    await expect(insert(PATIENTS[1].id, s1!)).rejects.toMatchObject({ code: '23505', constraint: 'appointments_one_per_slot' });
    // another slot, but a time overlapping the first visit of the same provider
    await expect(insert(PATIENTS[1].id, { id: s2!.id, startsAt: new Date(s1!.startsAt.getTime() + 15 * 60_000) })).rejects.toMatchObject({ code: '23P01', constraint: 'appointments_provider_no_overlap' });
    // a cancelled appointment frees the slot
    await db().pool.query(`UPDATE appointments SET status = 'cancelled', cancelled_at = now() WHERE slot_id = $1`, [s1!.id]);
    await expect(insert(PATIENTS[1].id, s1!)).resolves.toMatchObject({ rowCount: 1 });
  });
});
