import pg from 'pg';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { seedDemo } from '../../../db/src/seed.ts';
import { useTestDb } from '../../../test/support/db-fixture.ts';
import { refreshRollups } from './rollup-refresh.ts';
import { trendBuckets } from './stats/trend-buckets.ts';
import type { StatsRow } from './trend-repo.ts';
import { localDateOf } from './stats/time-zone.ts';
import { at, createMonitoredPatient, insertReadings, MIN, rewindWatermark, series, setTimeZone, type FixtureReading } from './testing/readings-fixtures.ts';
import { probeTimescale } from './testing/timescale-probe.ts';

const hasTimescale = await probeTimescale('trend rollups');
const db = useTestDb();
const MARGIN = 2 * MIN;
const refresh = (nowIso: string) => refreshRollups(db().pool, { now: new Date(nowIso), marginMs: MARGIN });

/** A rollup row keyed by local date or ISO hour, for comparing with the pure statistics. */
type RollupRow = StatsRow;

const COLUMNS = `n, min_value AS min, max_value AS max, sum_value / n AS mean, p10, p25, p50, p75, p90`;

async function dailyRows(patientId: string): Promise<RollupRow[]> {
  const { rows } = await db().pool.query<RollupRow>(`SELECT local_date::text AS bucket, ${COLUMNS} FROM readings_daily WHERE patient_id = $1 AND metric = 'glucose' ORDER BY local_date`, [patientId]);
  return rows;
}

async function hourlyRows(patientId: string): Promise<RollupRow[]> {
  const { rows } = await db().pool.query<RollupRow>(
    `SELECT to_char(bucket_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS bucket, ${COLUMNS} FROM readings_hourly WHERE patient_id = $1 AND metric = 'glucose' ORDER BY bucket_start`,
    [patientId],
  );
  return rows;
}

/** What the rollups must hold: the pure statistics over the same points (stats/trend-buckets.ts). */
function expected(points: FixtureReading[], size: '1h' | '1d', timeZone: string): RollupRow[] {
  return trendBuckets(points, { size, timeZone }).map((b) => ({
    bucket: size === '1d' ? localDateOf(Date.parse(b.start), timeZone) : b.start,
    n: b.count,
    min: b.min,
    max: b.max,
    mean: b.mean,
    p10: b.p10,
    p25: b.p25,
    p50: b.p50,
    p75: b.p75,
    p90: b.p90,
  }));
}

beforeAll(async () => {
  await seedDemo(db().pool);
});
beforeEach(async () => {
  await rewindWatermark(db().pool);
});

describe('rollup refresh', () => {
  it('rolls up by UTC hour and by local day, whole buckets, equal to the statistics over raw rows', async () => {
    const { patientId, deviceId } = await createMonitoredPatient(db().pool, { timeZone: 'America/New_York' });
    // 10 May 2026 in New York (EDT, UTC−4), every 5 minutes; integer values keep sums exact
    const day = series(at('2026-05-10T04:00:00Z'), 288, (i) => 80 + (i % 7) * 10);
    await insertReadings(db().pool, patientId, deviceId, day);
    const r = await refresh('2026-05-11T05:00:00Z');
    expect(r.ran).toBe(true);
    expect(await dailyRows(patientId)).toEqual(expected(day, '1d', 'America/New_York'));
    expect((await dailyRows(patientId))[0]).toMatchObject({ bucket: '2026-05-10', n: 288 });
    expect(await hourlyRows(patientId)).toEqual(expected(day, '1h', 'America/New_York'));
    expect(await hourlyRows(patientId)).toHaveLength(24);
  });

  it('fixes the rollups of a week uploaded late, by received_at', async () => {
    const { patientId, deviceId } = await createMonitoredPatient(db().pool, { timeZone: 'America/New_York' });
    const onTime = series(at('2026-05-10T04:00:00Z'), 288, (i) => 100 + (i % 5));
    await insertReadings(db().pool, patientId, deviceId, onTime);
    await refresh('2026-05-11T05:00:00Z');
    expect(await dailyRows(patientId)).toHaveLength(1);

    // the device had stored a week (3 to 9 May) and one more reading of 10 May, uploaded on 20 May
    const uploaded = at('2026-05-20T12:00:00Z');
    const late = [...series(at('2026-05-03T04:00:00Z'), 7 * 288, (i) => 60 + (i % 11) * 15, 5, { receivedAt: uploaded }), { t: at('2026-05-10T16:02:00Z'), v: 400, receivedAt: uploaded }];
    await insertReadings(db().pool, patientId, deviceId, late);
    const r = await refresh('2026-05-20T12:05:00Z');
    const all = [...onTime, ...late];
    const days = await dailyRows(patientId);
    expect(days.map((d) => d.bucket)).toEqual(['2026-05-03', '2026-05-04', '2026-05-05', '2026-05-06', '2026-05-07', '2026-05-08', '2026-05-09', '2026-05-10']);
    expect(days).toEqual(expected(all, '1d', 'America/New_York'));
    expect(days.at(-1)).toMatchObject({ n: 289, max: 400 });
    expect(await hourlyRows(patientId)).toEqual(expected(all, '1h', 'America/New_York'));
    expect(r.dailyBuckets).toBe(8);
  });

  it('is idempotent: a second run, or a run over the same readings again, changes nothing', async () => {
    const { patientId, deviceId } = await createMonitoredPatient(db().pool, { timeZone: 'Europe/Berlin' });
    await insertReadings(db().pool, patientId, deviceId, series(at('2026-04-01T00:00:00Z'), 600, (i) => 70 + ((i * 37) % 200)));
    await refresh('2026-04-10T00:00:00Z');
    const before = { daily: await dailyRows(patientId), hourly: await hourlyRows(patientId) };
    await refresh('2026-04-10T00:01:00Z');
    expect({ daily: await dailyRows(patientId), hourly: await hourlyRows(patientId) }).toEqual(before);
    await rewindWatermark(db().pool);
    await refresh('2026-04-10T00:02:00Z');
    expect({ daily: await dailyRows(patientId), hourly: await hourlyRows(patientId) }).toEqual(before);
  });

  it('keys days by the local date, 23 and 25 hours long on DST days', async () => {
    const { patientId, deviceId } = await createMonitoredPatient(db().pool, { timeZone: 'America/New_York' });
    // 7–9 March 2026 (spring forward on the 8th) and 31 October – 2 November (fall back on 1 November)
    const spring = series(at('2026-03-07T05:00:00Z'), (24 + 23 + 24) * 12, () => 120);
    const fall = series(at('2026-10-31T04:00:00Z'), (24 + 25 + 24) * 12, () => 120);
    await insertReadings(db().pool, patientId, deviceId, [...spring, ...fall]);
    await refresh('2026-11-10T00:00:00Z');
    expect((await dailyRows(patientId)).map((d) => [d.bucket, d.n])).toEqual([
      ['2026-03-07', 288],
      ['2026-03-08', 276],
      ['2026-03-09', 288],
      ['2026-10-31', 288],
      ['2026-11-01', 300],
      ['2026-11-02', 288],
    ]);
  });

  it('rebuilds a patient’s days in their new zone after a move', async () => {
    const { patientId, deviceId } = await createMonitoredPatient(db().pool, { timeZone: 'America/New_York' });
    const points = series(at('2026-05-10T00:00:00Z'), 3 * 288, (i) => 90 + (i % 13));
    await insertReadings(db().pool, patientId, deviceId, points);
    await refresh('2026-05-20T00:00:00Z');
    expect(await dailyRows(patientId)).toEqual(expected(points, '1d', 'America/New_York'));
    await setTimeZone(db().pool, patientId, 'Asia/Tokyo');
    const r = await refresh('2026-05-20T00:10:00Z');
    expect(r.rezonedPatients).toBe(1);
    expect(await dailyRows(patientId)).toEqual(expected(points, '1d', 'Asia/Tokyo'));
    const { rows } = await db().pool.query('SELECT time_zone FROM trend_rollup_zones WHERE patient_id = $1', [patientId]);
    expect(rows).toEqual([{ time_zone: 'Asia/Tokyo' }]);
  });

  it('moves the watermark to now minus the margin, never backwards, and leaves the rollups of an empty period empty', async () => {
    const { patientId } = await createMonitoredPatient(db().pool, { timeZone: 'UTC' });
    await refresh('2026-05-20T00:00:00Z');
    await refresh('2026-05-19T00:00:00Z');
    const { rows } = await db().pool.query<{ watermark: Date }>('SELECT watermark FROM trend_rollup_state');
    expect(rows[0]!.watermark.toISOString()).toBe(new Date(at('2026-05-20T00:00:00Z') - MARGIN).toISOString());
    expect(await dailyRows(patientId)).toEqual([]);
    expect(await hourlyRows(patientId)).toEqual([]);
  });

  it('does nothing while another refresh holds the lock', async () => {
    const other = new pg.Client({ connectionString: db().url });
    await other.connect();
    try {
      await other.query('SELECT pg_advisory_lock(5311004771)');
      expect((await refresh('2026-05-20T00:00:00Z')).ran).toBe(false);
    } finally {
      await other.end();
    }
    expect((await refresh('2026-05-20T00:00:00Z')).ran).toBe(true);
  });

  it.skipIf(hasTimescale)('plain PostgreSQL: readings_hourly is a table the job maintains', async () => {
    const { rows } = await db().pool.query(`SELECT relkind FROM pg_class WHERE relname = 'readings_hourly'`);
    expect(rows).toEqual([{ relkind: 'r' }]);
  });

  it.skipIf(!hasTimescale)('TimescaleDB: readings_hourly is a real-time continuous aggregate with a refresh policy', async () => {
    const { rows } = await db().pool.query(`SELECT materialized_only FROM timescaledb_information.continuous_aggregates WHERE view_name = 'readings_hourly'`);
    expect(rows).toEqual([{ materialized_only: false }]);
    const jobs = await db().pool.query(`SELECT 1 FROM timescaledb_information.jobs WHERE proc_name = 'policy_refresh_continuous_aggregate'`);
    expect(jobs.rowCount).toBe(1);
  });
});
