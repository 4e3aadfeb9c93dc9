import { beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../common/src/clock.ts';
import { seedDemo } from '../../../db/src/seed.ts';
import { PATIENTS } from '../../../db/src/seed-data.ts';
import { apiHarness, type Harness } from '../../../test/support/api-harness.ts';
import { useTestDb } from '../../../test/support/db-fixture.ts';

const db = useTestDb();
const MARIA = PATIENTS[0].id;
const NURSE = 'nurse.patel@demo.vitals';
const clock = new ManualClock(new Date('2026-06-10T14:00:00Z'));
let h: Harness;
const url = (rest: string) => `/v1/patients/${MARIA}/${rest}`;

beforeAll(async () => {
  await seedDemo(db().pool);
  h = apiHarness(db().pool, { clock });
});

describe('time and contact logs', () => {
  it('times work on the server clock, one running timer per clinician and patient', async () => {
    const start = await h.request(url('time-logs/timer'), { method: 'POST', as: NURSE });
    expect(start.status).toBe(201);
    expect(await start.json()).toMatchObject({ kind: 'timer', startedAt: '2026-06-10T14:00:00.000Z', endedAt: null, seconds: null });
    expect((await h.request(url('time-logs/timer'), { method: 'POST', as: NURSE })).status).toBe(409);
    // another clinician may time their own work at the same time
    expect((await h.request(url('time-logs/timer'), { method: 'POST', as: 'dr.chen@demo.vitals' })).status).toBe(201);
    clock.advance(12 * 60_000 + 30_000);
    const stop = await h.request(url('time-logs/timer/stop'), { method: 'POST', as: NURSE });
    expect(await stop.json()).toMatchObject({ seconds: 750, endedAt: '2026-06-10T14:12:30.000Z', capped: false });
    expect((await h.request(url('time-logs/timer/stop'), { method: 'POST', as: NURSE })).status).toBe(404);
  });

  it('stops a forgotten timer at the 240-minute cap', async () => {
    // Dr. Chen's timer started 10 hours ago (moved in the database: sessions would not last that long)
    await db().pool.query(`UPDATE rpm_time_entries SET started_at = $1 WHERE patient_id = $2 AND kind = 'timer' AND duration_seconds IS NULL`, [new Date(clock.now().getTime() - 10 * 3_600_000), MARIA]);
    expect(await (await h.request(url('time-logs/timer/stop'), { method: 'POST', as: 'dr.chen@demo.vitals' })).json()).toMatchObject({ seconds: 240 * 60, capped: true });
  });

  it('records minutes by hand and interactive communications, and sums the month', async () => {
    const manual = await h.request(url('time-logs'), { json: { startedAt: '2026-06-09T15:00:00Z', minutes: 6, note: 'Reviewed the week' }, as: NURSE });
    expect(manual.status).toBe(201);
    const call = await h.request(url('communications'), { json: { channel: 'video', startedAt: '2026-06-09T16:00:00-04:00', minutes: 9.5 }, as: NURSE });
    expect(await call.json()).toMatchObject({ kind: 'communication', channel: 'video', seconds: 570, startedAt: '2026-06-09T20:00:00.000Z' });
    const month = await (await h.request(url('time-logs?month=2026-06'), { as: NURSE })).json();
    expect(month.timeZone).toBe('America/New_York');
    expect(month.totals).toEqual({ seconds: 750 + 14_400 + 360 + 570, minutes: 268, communications: { video: 1, phone: 0, message: 0 } });
    // the demo month: timer, manual entry and a phone call
    const may = await (await h.request(url('time-logs?month=2026-05'), { as: NURSE })).json();
    expect(may.totals).toEqual({ seconds: 29 * 60, minutes: 29, communications: { video: 0, phone: 1, message: 0 } });
  });

  it('refuses work that ends in the future, and people other than the care team’s clinicians', async () => {
    expect((await h.request(url('time-logs'), { json: { startedAt: clock.now().toISOString(), minutes: 30 }, as: NURSE })).status).toBe(400);
    expect((await h.request(url('time-logs'), { json: { startedAt: '2026-06-09T15:00:00Z', minutes: 0 }, as: NURSE })).status).toBe(400);
    expect((await h.request(url('time-logs/timer'), { method: 'POST', as: 'maria@demo.vitals' })).status).toBe(403);
    expect((await h.request(url('time-logs/timer'), { method: 'POST', as: 'dr.outside@demo.vitals' })).status).toBe(403);
    expect((await h.request(url('time-logs?month=2026-06'), { as: 'admin@demo.vitals' })).status).toBe(403);
    const { rows } = await db().pool.query(`SELECT action FROM audit_log WHERE patient_id = $1 AND action LIKE 'time-logs.%' ORDER BY seq LIMIT 2`, [MARIA]);
    expect(rows.map((r) => r.action)).toEqual(['time-logs.timer-start', 'time-logs.timer-start']);
  });
});
