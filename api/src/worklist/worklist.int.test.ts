import type pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../common/src/clock.ts';
import { seedDemo } from '../../../db/src/seed.ts';
import { CARE_TEAMS, CLINIC, USERS } from '../../../db/src/seed-data.ts';
import { apiHarness, type Harness } from '../../../test/support/api-harness.ts';
import { useTestDb } from '../../../test/support/db-fixture.ts';
import { refreshRollups } from '../trends/rollup-refresh.ts';
import { AIKO, AIKO_CGM, bpReadings, DAY, HOUR, insertReadings, JAMES, MARIA, MARIA_CUFF, MARIA_METER, type FixtureReading } from '../trends/testing/readings-fixtures.ts';
import { localCalendar } from '../trends/stats/time-zone.ts';
import { buildWorklist, type WorklistRow } from './build-worklist.ts';
import { refreshGlucoseRanges } from './glucose-ranges-refresh.ts';

const db = useTestDb();
const TEAM = CARE_TEAMS[0].id; // diabetes: Maria, Aiko (enrolled), Samuel, Lena (not enrolled)
const NOW = new Date('2026-05-20T16:00:00Z'); // 12:00 in New York, 09:00 in Los Angeles
const NURSE = 'nurse.patel@demo.vitals';
const CHEN = 'dr.chen@demo.vitals';
const userId = (email: string) => USERS.find((u) => u.email === email)!.id;
let h: Harness;

const ny = localCalendar('America/New_York');
const la = localCalendar('America/Los_Angeles');
/** Local wall-clock time on a date: `hh` hours after local midnight (no DST change in May). */
const local = (cal: typeof ny, date: string, hh: number) => cal.startOfDay(date) + hh * HOUR;
const mayDates = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `2026-05-${String(from + i).padStart(2, '0')}`);

/**
 * Maria (New York, meter and cuff): 4 glucose readings a day on 1–19 May, a low (60) on four of
 * the 14 days before today (4 of 56 = 7.1 % below 70); BP 150/95 twice a day on 14–20 May; a
 * weight gain of 2.1 kg in a day. Aiko (moved to Los Angeles, CGM): hourly 200 mg/dL on 12–16 May
 * only, and an urgent alert.
 */
async function loadHistory(pool: pg.Pool) {
  await pool.query(`UPDATE patients SET timezone = 'America/Los_Angeles' WHERE id = $1`, [AIKO]);
  const glucose: FixtureReading[] = mayDates(1, 19).flatMap((d, i) => [8, 12, 18, 22].map((hh, k) => ({ t: local(ny, d, hh), v: k === 3 && i >= 15 ? 60 : 120 })));
  await insertReadings(pool, MARIA, MARIA_METER, glucose);
  await insertReadings(pool, MARIA, MARIA_CUFF, bpReadings(mayDates(14, 20).flatMap((d) => [7, 11].map((hh) => ({ t: local(ny, d, hh), sys: 150, dia: 95 })))));
  await insertReadings(pool, MARIA, MARIA_CUFF, [
    { metric: 'body_weight', t: NOW.getTime() - 25 * HOUR, v: 80 },
    { metric: 'body_weight', t: NOW.getTime() - 2 * HOUR, v: 82.1 },
  ]);
  await insertReadings(pool, AIKO, AIKO_CGM, mayDates(12, 16).flatMap((d) => Array.from({ length: 24 }, (_, hh) => ({ t: local(la, d, hh), v: 200 }))));
  await pool.query(
    `INSERT INTO alerts (clinic_id, patient_id, rule_id, rule_kind, dedupe_key, severity, state, message, first_at, latest_at, latest, evidence, opened_at)
     VALUES ($1, $2, 'glucose-low', 'threshold', 'glucose-low', 'urgent', 'open', 'Glucose 48 mg/dL is below 54 mg/dL', $3, $3, '{}', '{}', $3)`,
    [CLINIC.id, AIKO, new Date(NOW.getTime() - 3 * DAY)],
  );
}

beforeAll(async () => {
  await seedDemo(db().pool);
  await loadHistory(db().pool);
  h = apiHarness(db().pool, { clock: new ManualClock(NOW) });
});

const worklist = async (query = '', as = NURSE): Promise<WorklistRow[]> => {
  const r = await h.request(`/v1/care-teams/${TEAM}/worklist${query}`, { as });
  expect(r.status).toBe(200);
  return (await r.json()).patients;
};
const codesOf = (row: WorklistRow | undefined) => row?.flags.map((f) => f.code);

describe('the triage worklist', () => {
  it('lists the enrolled patients of the team with their flags, reasons and evidence', async () => {
    const rows = await worklist();
    expect(rows.map((r) => r.givenName)).toEqual(['Aiko', 'Maria']); // urgent alert first; Samuel and Lena are not enrolled
    const [aiko, maria] = rows;
    expect(codesOf(aiko)).toEqual(['urgent_alerts', 'glucose_time_in_range_low', 'missed_days', 'compliance_at_risk']);
    expect(codesOf(maria)).toEqual(['glucose_below_range', 'bp_high', 'weight_gain']);
    const byCode = Object.fromEntries(maria!.flags.map((f) => [f.code, f]));
    expect(byCode.glucose_below_range!.reason).toBe('Below 70 mg/dL 7.1 % (target < 4 %), below 54 mg/dL 0.0 % (target < 1 %) over 14 days (56 glucose readings)');
    expect(byCode.glucose_below_range!.evidence).toBe(`/v1/patients/${MARIA}/reports/glucose?from=2026-05-06T04%3A00%3A00.000Z&to=2026-05-20T04%3A00%3A00.000Z&source=all`);
    expect(byCode.bp_high!.reason).toBe('7-day mean 150.0/95.0 mmHg over 14 readings (limit 140/90)');
    expect(byCode.weight_gain!.reason).toMatch(/^Weight up 2\.1 kg in 24 h/);
    // Aiko's days are Los Angeles days: 12–16 May; 17–19 May missed
    expect(aiko!.flags.find((f) => f.code === 'missed_days')!.reason).toBe('3 of the last 7 days without a reading (last reading day 2026-05-16)');
    expect(aiko!.flags.find((f) => f.code === 'compliance_at_risk')!.figures).toEqual({ daysWithReadings: 5, daysNeeded: 11, daysRemaining: 12 });
    expect(aiko!.flags.find((f) => f.code === 'urgent_alerts')!.evidence).toMatch(new RegExp(`^/v1/patients/${AIKO}/alerts/[0-9a-f-]{36}$`));
    expect(aiko!.lastReadingDate).toBe('2026-05-16');
    // the demo seed: Maria claimed by Priya Patel, reviewed for May by Dr. Chen, one note
    expect(maria).toMatchObject({ claim: { userId: userId(NURSE) }, period: '2026-05', reviewedThisPeriod: true, notes: 1 });
  });

  it('gives the same figures from the rollups as from raw readings, and counts a reading not rolled up yet', async () => {
    const before = await buildWorklist(db().pool, TEAM, NOW);
    await refreshRollups(db().pool, { now: NOW, marginMs: 0 });
    await refreshGlucoseRanges(db().pool, { now: NOW, marginMs: 0 });
    const { rows } = await db().pool.query<{ n: number }>('SELECT count(*)::int AS n FROM glucose_ranges_daily');
    expect(rows[0]!.n).toBeGreaterThan(20);
    expect(await buildWorklist(db().pool, TEAM, NOW)).toEqual(before);
    // a late upload after the refresh: one more low on 19 May, received now
    await insertReadings(db().pool, MARIA, MARIA_METER, [{ t: local(ny, '2026-05-19', 23), v: 50, receivedAt: NOW.getTime() + 1000 }]);
    const maria = (await buildWorklist(db().pool, TEAM, NOW)).find((r) => r.patientId === MARIA)!;
    expect(maria.flags.find((f) => f.code === 'glucose_below_range')!.figures).toMatchObject({ readings: 57, belowRangePercent: (100 * 5) / 57, belowLevel2Percent: 100 / 57 });
  });

  it('costs the same number of queries for a bigger team (no query per patient)', async () => {
    const counting = (pool: pg.Pool) => {
      let n = 0;
      const proxy = new Proxy(pool, { get: (target, key) => (key === 'query' ? (...args: unknown[]) => (n++, (target.query as (...a: unknown[]) => unknown).apply(target, args)) : Reflect.get(target, key)) });
      return { pool: proxy, count: () => n };
    };
    const small = counting(db().pool);
    await buildWorklist(small.pool, TEAM, NOW);
    await db().pool.query(`INSERT INTO rpm_enrolments (program_id, patient_id, care_team_id, started_at) SELECT program_id, $2, care_team_id, started_at FROM rpm_enrolments WHERE patient_id = $1`, [MARIA, '00000000-0000-4000-8000-000000000104']);
    const bigger = counting(db().pool);
    expect((await buildWorklist(bigger.pool, TEAM, NOW)).length).toBe(3);
    expect(bigger.count()).toBe(small.count());
    await db().pool.query('DELETE FROM rpm_enrolments WHERE patient_id = $1', ['00000000-0000-4000-8000-000000000104']);
  });

  it('sorts and filters', async () => {
    expect((await worklist('?sort=name')).map((r) => r.givenName)).toEqual(['Maria', 'Aiko']); // Garcia, Tanaka
    expect((await worklist('?flags=bp_high,weight_gain')).map((r) => r.givenName)).toEqual(['Maria']);
    expect((await worklist('?claimed=me')).map((r) => r.givenName)).toEqual(['Maria']);
    expect((await worklist('?claimed=unclaimed&reviewed=false')).map((r) => r.givenName)).toEqual(['Aiko']);
    const bad = await h.request(`/v1/care-teams/${TEAM}/worklist?flags=nope`, { as: NURSE });
    expect(bad.status).toBe(400);
  });

  it('writes one audit entry per patient listed', async () => {
    const before = (await db().pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'worklist.list'`)).rows[0]!.n;
    await worklist();
    const { rows } = await db().pool.query<{ patient_id: string }>(`SELECT patient_id FROM audit_log WHERE action = 'worklist.list' ORDER BY seq DESC LIMIT 2`);
    expect(rows.map((r) => r.patient_id).sort()).toEqual([MARIA, AIKO].sort());
    expect((await db().pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'worklist.list'`)).rows[0]!.n).toBe(before + 2);
  });
});

describe('claiming, notes and reviews', () => {
  const row = (patientId: string, rest: string) => `/v1/care-teams/${TEAM}/worklist/${patientId}/${rest}`;

  it('lets one clinician hold a claim at a time', async () => {
    expect((await h.request(row(AIKO, 'claim'), { method: 'POST', as: CHEN })).status).toBe(200);
    expect((await h.request(row(AIKO, 'claim'), { method: 'POST', as: NURSE })).status).toBe(409);
    expect((await h.request(row(AIKO, 'claim'), { method: 'DELETE', as: NURSE })).status).toBe(409);
    expect((await worklist('?claimed=others')).map((r) => r.givenName)).toEqual(['Aiko']);
    expect((await h.request(row(AIKO, 'claim'), { method: 'DELETE', as: CHEN })).status).toBe(204);
    expect((await h.request(row(AIKO, 'claim'), { method: 'DELETE', as: CHEN })).status).toBe(204);
    expect((await h.request(row(AIKO, 'claim'), { method: 'POST', as: NURSE })).status).toBe(200);
  });

  it('adds notes and marks the patient reviewed for their current local month', async () => {
    const note = await h.request(row(AIKO, 'notes'), { json: { text: 'Left a voicemail about the sensor.' }, as: NURSE });
    expect(note.status).toBe(201);
    const review = await h.request(row(AIKO, 'review'), { json: {}, as: NURSE });
    expect(await review.json()).toMatchObject({ period: '2026-05', by: userId(NURSE) });
    const aiko = (await worklist()).find((r) => r.patientId === AIKO)!;
    expect(aiko).toMatchObject({ reviewedThisPeriod: true, notes: 1, lastNote: { text: 'Left a voicemail about the sensor.', authorId: userId(NURSE) } });
    const actions = (await db().pool.query<{ action: string }>(`SELECT action FROM audit_log WHERE patient_id = $1 AND action LIKE 'worklist.%' AND action <> 'worklist.list' ORDER BY seq`, [AIKO])).rows.map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['worklist.claim', 'worklist.release', 'worklist.note', 'worklist.review']));
  });

  it('keeps other teams and other teams’ patients out', async () => {
    expect((await h.request(`/v1/care-teams/${TEAM}/worklist`, { as: 'dr.johnson@demo.vitals' })).status).toBe(403);
    expect((await h.request(`/v1/care-teams/${TEAM}/worklist`, { as: 'admin@demo.vitals' })).status).toBe(403);
    expect((await h.request(row(JAMES, 'claim'), { method: 'POST', as: NURSE })).status).toBe(404);
    expect((await h.request(`/v1/care-teams/${CARE_TEAMS[1].id}/worklist`, { as: 'dr.johnson@demo.vitals' })).status).toBe(200);
  });
});
