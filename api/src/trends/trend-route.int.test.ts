import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { seedDemo } from '../../../db/src/seed.ts';
import { apiHarness, type Harness } from '../../../test/support/api-harness.ts';
import { useTestDb } from '../../../test/support/db-fixture.ts';
import { refreshRollups } from './rollup-refresh.ts';
import type { BucketSize } from './stats/schemas.ts';
import { trendBuckets } from './stats/trend-buckets.ts';
import { at, createMonitoredPatient, HOUR, insertReadings, MIN, rewindWatermark, series, setTimeZone, type FixtureReading } from './testing/readings-fixtures.ts';

const db = useTestDb();
let h: Harness;
const CLINICIAN = 'dr.chen@demo.vitals';
const trend = (patientId: string, query: string, as = CLINICIAN) => h.request(`/v1/patients/${patientId}/trends?${query}`, { as });
const runJob = (nowIso = '2026-06-01T11:00:00Z') => refreshRollups(db().pool, { now: new Date(nowIso), marginMs: 2 * MIN });

beforeAll(async () => {
  await seedDemo(db().pool);
  h = apiHarness(db().pool);
});
beforeEach(async () => {
  await rewindWatermark(db().pool);
});

/**
 * New York, around the spring-forward change (8 March 2026 lasts 23 hours):
 * 7 March: 100, 110, 120, 130, 140 · 8 March: 50, 60 · 9 March: nothing · 10 March: 200.
 */
const DAYS: FixtureReading[] = [
  ...[100, 110, 120, 130, 140].map((v, i) => ({ t: at('2026-03-07T14:00:00Z') + i * HOUR, v })),
  { t: at('2026-03-08T13:00:00Z'), v: 50 },
  { t: at('2026-03-08T15:00:00Z'), v: 60 },
  { t: at('2026-03-10T16:00:00Z'), v: 200 },
];
const RANGE = 'from=2026-03-07T05:00:00Z&to=2026-03-11T04:00:00Z';

// Hand-computed, percentile_cont: h = p × (n − 1), x[⌊h⌋] + (h − ⌊h⌋) × (x[⌈h⌉] − x[⌊h⌋]).
const MARCH_7 = { start: '2026-03-07T05:00:00.000Z', end: '2026-03-08T05:00:00.000Z', count: 5, min: 100, max: 140, mean: 120, p10: 104, p25: 110, p50: 120, p75: 130, p90: 136 };
// n = 2: p10 → 50 + 0.1 × 10 = 51; p25 → 52.5; p50 → 55; p75 → 57.5; p90 → 59. The day is 23 hours.
const MARCH_8 = { start: '2026-03-08T05:00:00.000Z', end: '2026-03-09T04:00:00.000Z', count: 2, min: 50, max: 60, mean: 55, p10: 51, p25: 52.5, p50: 55, p75: 57.5, p90: 59 };
const MARCH_10 = { start: '2026-03-10T04:00:00.000Z', end: '2026-03-11T04:00:00.000Z', count: 1, min: 200, max: 200, mean: 200, p10: 200, p25: 200, p50: 200, p75: 200, p90: 200 };

describe('GET /v1/patients/{id}/trends', () => {
  it('gives local-day buckets with hand-computed statistics, the same from raw rows and from the rollup', async () => {
    const { patientId, deviceId } = await createMonitoredPatient(db().pool, { timeZone: 'America/New_York' });
    await insertReadings(db().pool, patientId, deviceId, DAYS);

    const beforeJob = await trend(patientId, `metric=glucose&bucket=1d&${RANGE}`);
    expect(beforeJob.status).toBe(200);
    const raw = await beforeJob.json();
    expect(raw).toMatchObject({ metric: 'glucose', unit: 'mg/dL', bucket: '1d', timeZone: 'America/New_York', from: '2026-03-07T05:00:00.000Z', to: '2026-03-11T04:00:00.000Z' });
    expect(raw.source).toBe('rollup+raw'); // nothing rolled up yet: every bucket is recomputed raw
    expect(raw.buckets).toEqual([MARCH_7, MARCH_8, MARCH_10]);

    await runJob();
    const rolled = await (await trend(patientId, `metric=glucose&bucket=1d&${RANGE}`)).json();
    expect(rolled.source).toBe('rollup');
    expect(rolled.buckets).toEqual(raw.buckets);
  });

  it('shows late data at once, recomputing only the buckets it falls in, and the same after the job', async () => {
    const { patientId, deviceId } = await createMonitoredPatient(db().pool, { timeZone: 'America/New_York' });
    await insertReadings(db().pool, patientId, deviceId, DAYS);
    await runJob('2026-03-20T00:00:00Z');
    // a reading of 7 March uploaded on 1 June: 7 March becomes 100…150, n = 6
    await insertReadings(db().pool, patientId, deviceId, [{ t: at('2026-03-07T20:00:00Z'), v: 150, receivedAt: at('2026-06-01T10:00:00Z') }]);
    const late = await (await trend(patientId, `metric=glucose&bucket=1d&${RANGE}`)).json();
    expect(late.source).toBe('rollup+raw');
    // n = 6: mean 125; p10: h = 0.5 → 105; p25: h = 1.25 → 112.5; p50: h = 2.5 → 125; p75: h = 3.75 → 137.5; p90: h = 4.5 → 145
    expect(late.buckets[0]).toEqual({ ...MARCH_7, count: 6, max: 150, mean: 125, p10: 105, p25: 112.5, p50: 125, p75: 137.5, p90: 145 });
    expect(late.buckets.slice(1)).toEqual([MARCH_8, MARCH_10]);
    await runJob();
    const after = await (await trend(patientId, `metric=glucose&bucket=1d&${RANGE}`)).json();
    expect(after).toEqual({ ...late, source: 'rollup' });
  });

  it('fills empty buckets on request, and answers an empty period with no buckets', async () => {
    const { patientId, deviceId } = await createMonitoredPatient(db().pool, { timeZone: 'America/New_York' });
    await insertReadings(db().pool, patientId, deviceId, DAYS);
    const filled = await (await trend(patientId, `metric=glucose&bucket=1d&${RANGE}&fill=true`)).json();
    expect(filled.buckets).toHaveLength(4);
    expect(filled.buckets[2]).toEqual({ start: '2026-03-09T04:00:00.000Z', end: '2026-03-10T04:00:00.000Z', count: 0, min: null, max: null, mean: null, p10: null, p25: null, p50: null, p75: null, p90: null });
    const empty = await (await trend(patientId, 'metric=systolic&bucket=1d&from=2026-03-07T05:00:00Z&to=2026-03-09T04:00:00Z')).json();
    expect(empty.buckets).toEqual([]);
    const emptyFilled = await (await trend(patientId, 'metric=systolic&bucket=1d&from=2026-03-07T05:00:00Z&to=2026-03-09T04:00:00Z&fill=true')).json();
    expect(emptyFilled.buckets.map((b: { count: number }) => b.count)).toEqual([0, 0]);
  });

  it('gives a local Monday week across the DST change (167 hours)', async () => {
    const { patientId, deviceId } = await createMonitoredPatient(db().pool, { timeZone: 'America/New_York' });
    await insertReadings(db().pool, patientId, deviceId, DAYS);
    const week = await (await trend(patientId, 'metric=glucose&bucket=1w&from=2026-03-02T05:00:00Z&to=2026-03-09T04:00:00Z')).json();
    expect(week.source).toBe('raw');
    // 7 and 8 March: 50, 60, 100, 110, 120, 130, 140 (n = 7): mean 101.428…; p10: h = 0.6 → 56; p25: h = 1.5 → 80;
    // p50: 110; p75: h = 4.5 → 125; p90: h = 5.4 → 134
    expect(week.buckets).toEqual([{ start: '2026-03-02T05:00:00.000Z', end: '2026-03-09T04:00:00.000Z', count: 7, min: 50, max: 140, mean: 710 / 7, p10: 56, p25: 80, p50: 110, p75: 125, p90: 134 }]);
  });

  it('agrees with the pure statistics for every bucket size, before and after the job', async () => {
    const { patientId, deviceId } = await createMonitoredPatient(db().pool, { timeZone: 'Europe/Berlin' });
    // three days around the Berlin spring-forward change, every 5 minutes, irregular integer values
    const points = series(at('2026-03-28T00:00:00Z'), 3 * 288, (i) => 60 + ((i * 53) % 230));
    await insertReadings(db().pool, patientId, deviceId, points);
    const sizes: Array<[BucketSize, string]> = [
      ['15m', 'from=2026-03-29T00:00:00Z&to=2026-03-29T06:00:00Z'],
      ['1h', 'from=2026-03-28T00:00:00Z&to=2026-03-31T00:00:00Z'],
      ['1d', 'from=2026-03-28T00:00:00Z&to=2026-03-31T00:00:00Z'],
      ['1w', 'from=2026-03-23T00:00:00Z&to=2026-04-06T00:00:00Z'],
    ];
    const check = async () => {
      for (const [size, range] of sizes) {
        const body = await (await trend(patientId, `metric=glucose&bucket=${size}&${range}`)).json();
        const inRange = points.filter((p) => p.t >= Date.parse(body.from) && p.t < Date.parse(body.to));
        expect(body.buckets, size).toEqual(trendBuckets(inRange, { size, timeZone: 'Europe/Berlin' }));
      }
    };
    await check();
    await runJob();
    await check();
  });

  it('reads a moved patient’s days raw in the new zone until the job rebuilds them', async () => {
    const { patientId, deviceId } = await createMonitoredPatient(db().pool, { timeZone: 'America/New_York' });
    await insertReadings(db().pool, patientId, deviceId, DAYS);
    await runJob();
    await setTimeZone(db().pool, patientId, 'UTC');
    const moved = await (await trend(patientId, `metric=glucose&bucket=1d&${RANGE}`)).json();
    expect(moved.source).toBe('raw');
    expect(moved.buckets.map((b: { start: string; count: number }) => [b.start, b.count])).toEqual([
      ['2026-03-07T00:00:00.000Z', 5],
      ['2026-03-08T00:00:00.000Z', 2],
      ['2026-03-10T00:00:00.000Z', 1],
    ]);
    await runJob();
    expect(await (await trend(patientId, `metric=glucose&bucket=1d&${RANGE}`)).json()).toEqual({ ...moved, source: 'rollup' });
  });

  it('refuses bad input with 400 problem+json, never a 500', async () => {
    const { patientId } = await createMonitoredPatient(db().pool, { timeZone: 'America/New_York' });
    const bad = [
      'metric=cholesterol&bucket=1d',
      'metric=glucose&bucket=2h',
      'metric=glucose',
      `metric=glucose&bucket=1d&from=2026-03-10T00:00:00Z&to=2026-03-01T00:00:00Z`,
      `metric=glucose&bucket=1d&from=2026-03-10T00:00:00Z&to=2026-03-10T00:00:00Z`,
      `metric=glucose&bucket=15m&from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z`,
      `metric=glucose&bucket=1d&from=yesterday`,
      `metric=glucose&bucket=1d&fill=yes`,
    ];
    for (const query of bad) {
      const r = await trend(patientId, query);
      expect(r.status, query).toBe(400);
      expect(r.headers.get('content-type')).toBe('application/problem+json');
    }
    expect((await h.request('/v1/patients/not-a-uuid/trends?metric=glucose&bucket=1d', { as: CLINICIAN })).status).toBe(400);
  });

  it('lets only those who may read the patient’s readings see the trend', async () => {
    const { patientId } = await createMonitoredPatient(db().pool, { timeZone: 'America/New_York' });
    expect((await trend(patientId, 'metric=glucose&bucket=1d', 'nurse.patel@demo.vitals')).status).toBe(200);
    expect((await trend(patientId, 'metric=glucose&bucket=1d', 'dr.johnson@demo.vitals')).status).toBe(403); // hypertension team only
    expect((await trend(patientId, 'metric=glucose&bucket=1d', 'maria@demo.vitals')).status).toBe(403);
    expect((await trend(patientId, 'metric=glucose&bucket=1d', 'admin@demo.vitals')).status).toBe(403);
    expect((await h.request(`/v1/patients/${patientId}/trends?metric=glucose&bucket=1d`)).status).toBe(401);
    const { rows } = await db().pool.query(`SELECT action, resource, reason FROM audit_log WHERE patient_id = $1 ORDER BY seq`, [patientId]);
    expect(rows[0]).toEqual({ action: 'trends.read', resource: 'trends/glucose/1d', reason: 'via care_team' });
    expect(rows.filter((r) => r.action === 'trends.read.denied')).toHaveLength(3);
  });
});
