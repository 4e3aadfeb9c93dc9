/**
 * Bring the rollups up to date with every reading received since the last run: the refresh the
 * rollup job (rollup-job.ts) runs on a schedule. Idempotent — it recomputes whole buckets from the
 * raw rows with INSERT … ON CONFLICT DO UPDATE, so running it twice, or over the same readings
 * again, changes nothing.
 *
 * Which buckets: for each patient and metric with readings received since the watermark, every
 * bucket from the one holding the earliest such reading to the one holding the latest (by
 * measured_at). A device uploading a week of stored readings therefore recomputes that week, which
 * is what late data needs; one scan per patient and metric also keeps a first run over years of
 * data to a few sequential passes.
 *
 * `readings_daily` is keyed by the patient's local date in their current zone; a patient whose
 * zone changed has all their days rebuilt in the new zone. `readings_hourly` is refreshed here on
 * plain PostgreSQL; on TimescaleDB it is a continuous aggregate, refreshed over the same span with
 * `refresh_continuous_aggregate` (its own policy refreshes it too).
 */
import type pg from 'pg';
import { hasTimescale } from '../../../db/src/timescale.ts';

export interface RefreshOptions {
  /** Now, from the job's clock. */
  now: Date;
  /**
   * How long after its `received_at` a reading may still commit (ingest batches for milliseconds;
   * this allows for slow transactions and clock skew between hosts). The new watermark is
   * `now − marginMs`, so readings received in that margin are processed again next run: harmless.
   */
  marginMs: number;
}

export interface RefreshResult {
  /** False when another refresh held the lock; nothing was done. */
  ran: boolean;
  hourlyBuckets: number;
  dailyBuckets: number;
  /** Patients whose days were rebuilt because their zone changed. */
  rezonedPatients: number;
}

/** Any constant works as long as every refresher uses it. */
const REFRESH_LOCK = 5_311_004_771;

const ORIGIN_SQL = `TIMESTAMPTZ '2000-01-03 00:00:00+00'`;

/** The stored statistics of a group of rows `r` (the columns of both rollup relations). */
const STATS_SQL = `count(*)::int, sum(r.value), min(r.value), max(r.value),
  percentile_cont(0.1) WITHIN GROUP (ORDER BY r.value), percentile_cont(0.25) WITHIN GROUP (ORDER BY r.value),
  percentile_cont(0.5) WITHIN GROUP (ORDER BY r.value), percentile_cont(0.75) WITHIN GROUP (ORDER BY r.value),
  percentile_cont(0.9) WITHIN GROUP (ORDER BY r.value), min(r.measured_at), max(r.measured_at)`;

const STATS_UPDATE_SQL = `n = EXCLUDED.n, sum_value = EXCLUDED.sum_value, min_value = EXCLUDED.min_value, max_value = EXCLUDED.max_value,
  p10 = EXCLUDED.p10, p25 = EXCLUDED.p25, p50 = EXCLUDED.p50, p75 = EXCLUDED.p75, p90 = EXCLUDED.p90,
  first_at = EXCLUDED.first_at, last_at = EXCLUDED.last_at`;

const STATS_COLUMNS = `n, sum_value, min_value, max_value, p10, p25, p50, p75, p90, first_at, last_at`;

/**
 * Per patient and metric, the measured_at span of readings received since the watermark ($1),
 * plus the whole history of the patients in $2 (rezoned). Two arms so each uses its own index.
 */
const TOUCHED_SPANS_CTE = `
  touched AS (
    SELECT patient_id, metric, min(measured_at) AS lo, max(measured_at) AS hi
      FROM (SELECT patient_id, metric, measured_at FROM readings WHERE received_at >= $1::timestamptz
            UNION ALL
            SELECT patient_id, metric, measured_at FROM readings WHERE patient_id = ANY($2::uuid[])) AS changed
     GROUP BY patient_id, metric
  )`;

const HOURLY_UPSERT_SQL = `
  WITH ${TOUCHED_SPANS_CTE}
  INSERT INTO readings_hourly (patient_id, metric, bucket_start, ${STATS_COLUMNS})
  SELECT r.patient_id, r.metric, date_bin('1 hour', r.measured_at, ${ORIGIN_SQL}), ${STATS_SQL}
    FROM touched t
    JOIN readings r ON r.patient_id = t.patient_id AND r.metric = t.metric
     AND r.measured_at >= date_bin('1 hour', t.lo, ${ORIGIN_SQL})
     AND r.measured_at < date_bin('1 hour', t.hi, ${ORIGIN_SQL}) + INTERVAL '1 hour'
   GROUP BY 1, 2, 3
  ON CONFLICT (patient_id, metric, bucket_start) DO UPDATE SET ${STATS_UPDATE_SQL}`;

// The instant of a local midnight is known only to within that day's DST shift (and is ambiguous
// where clocks fall back at midnight), so the measured_at bounds are widened by 3 hours and the
// local-date condition decides: the bounds only let the index narrow the scan.
const DAILY_UPSERT_SQL = `
  WITH ${TOUCHED_SPANS_CTE},
  spans AS (
    SELECT t.patient_id, t.metric, p.timezone,
           (t.lo AT TIME ZONE p.timezone)::date AS first_date,
           (t.hi AT TIME ZONE p.timezone)::date AS last_date
      FROM touched t JOIN patients p ON p.id = t.patient_id
  )
  INSERT INTO readings_daily (patient_id, metric, local_date, ${STATS_COLUMNS})
  SELECT r.patient_id, r.metric, (r.measured_at AT TIME ZONE s.timezone)::date, ${STATS_SQL}
    FROM spans s
    JOIN readings r ON r.patient_id = s.patient_id AND r.metric = s.metric
     AND r.measured_at >= (s.first_date::timestamp AT TIME ZONE s.timezone) - INTERVAL '3 hours'
     AND r.measured_at < ((s.last_date + 1)::timestamp AT TIME ZONE s.timezone) + INTERVAL '3 hours'
   WHERE (r.measured_at AT TIME ZONE s.timezone)::date BETWEEN s.first_date AND s.last_date
   GROUP BY 1, 2, 3
  ON CONFLICT (patient_id, metric, local_date) DO UPDATE SET ${STATS_UPDATE_SQL}`;

const ZONES_UPSERT_SQL = `
  WITH ${TOUCHED_SPANS_CTE}
  INSERT INTO trend_rollup_zones (patient_id, time_zone)
  SELECT DISTINCT t.patient_id, p.timezone FROM touched t JOIN patients p ON p.id = t.patient_id
  ON CONFLICT (patient_id) DO UPDATE SET time_zone = EXCLUDED.time_zone`;

/** The measured_at span touched since the watermark, for refreshing the continuous aggregate. */
const TOUCHED_RANGE_SQL = `
  SELECT min(measured_at) AS lo, max(measured_at) AS hi FROM readings WHERE received_at >= $1::timestamptz`;

async function refreshHourlyAggregate(db: pg.PoolClient, watermark: string): Promise<number> {
  const { rows } = await db.query<{ lo: Date | null; hi: Date | null }>(TOUCHED_RANGE_SQL, [watermark]);
  const { lo, hi } = rows[0]!;
  if (!lo || !hi) return 0;
  await db.query(`CALL refresh_continuous_aggregate('readings_hourly', date_bin('1 hour', $1::timestamptz, ${ORIGIN_SQL}), date_bin('1 hour', $2::timestamptz, ${ORIGIN_SQL}) + INTERVAL '1 hour')`, [lo, hi]);
  return Math.ceil((hi.getTime() - lo.getTime()) / 3_600_000) + 1;
}

async function readWatermark(db: pg.PoolClient): Promise<string> {
  const { rows } = await db.query<{ watermark: string }>(`SELECT watermark::text AS watermark FROM trend_rollup_state`);
  return rows[0]!.watermark;
}

/**
 * Refresh the rollups for readings received since the watermark, then move it to `now − margin`.
 * Runs in one REPEATABLE READ transaction (every statement sees the same readings) under a session
 * advisory lock taken before the transaction's snapshot, so two workers never refresh at once and
 * the second, finding the lock held, returns `ran: false`.
 */
export async function refreshRollups(db: pg.Pool, opts: RefreshOptions): Promise<RefreshResult> {
  const timescale = await hasTimescale(db);
  const client = await db.connect();
  try {
    const { rows: lock } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [REFRESH_LOCK]);
    if (!lock[0]!.ok) return { ran: false, hourlyBuckets: 0, dailyBuckets: 0, rezonedPatients: 0 };
    try {
      // Outside the transaction: TimescaleDB refuses refresh_continuous_aggregate inside one.
      const aggregateBuckets = timescale ? await refreshHourlyAggregate(client, await readWatermark(client)) : 0;
      return await inTransaction(client, async () => {
        const watermark = await readWatermark(client);
        const rezonedIds = await rebuildRezonedDays(client);
        const hourly = timescale ? aggregateBuckets : (await client.query(HOURLY_UPSERT_SQL, [watermark, []])).rowCount ?? 0;
        const daily = (await client.query(DAILY_UPSERT_SQL, [watermark, rezonedIds])).rowCount ?? 0;
        await client.query(ZONES_UPSERT_SQL, [watermark, rezonedIds]);
        await client.query(`UPDATE trend_rollup_state SET watermark = greatest(watermark, $1::timestamptz), last_run_at = $2`, [
          new Date(opts.now.getTime() - opts.marginMs),
          opts.now,
        ]);
        return { ran: true, hourlyBuckets: hourly, dailyBuckets: daily, rezonedPatients: rezonedIds.length };
      });
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [REFRESH_LOCK]);
    }
  } finally {
    client.release();
  }
}

/** Patients whose zone changed since their days were keyed: their days are deleted, to be rebuilt. */
async function rebuildRezonedDays(client: pg.PoolClient): Promise<string[]> {
  const { rows } = await client.query<{ patient_id: string }>(
    `SELECT z.patient_id FROM trend_rollup_zones z JOIN patients p ON p.id = z.patient_id WHERE z.time_zone <> p.timezone`,
  );
  const ids = rows.map((r) => r.patient_id);
  if (ids.length) await client.query('DELETE FROM readings_daily WHERE patient_id = ANY($1::uuid[])', [ids]);
  return ids;
}

async function inTransaction<T>(client: pg.PoolClient, work: () => Promise<T>): Promise<T> {
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
  try {
    // percentile_cont sorts each group; a first run over years of readings sorts them all
    await client.query(`SET LOCAL work_mem = '64MB'`);
    const result = await work();
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
