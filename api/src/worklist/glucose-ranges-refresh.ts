/**
 * Keep `glucose_ranges_daily` (migration 0011) current: per patient, local day and source (CGM or
 * not), how many glucose readings fell below 54, below 70 and above 180 mg/dL. The worklist's
 * time-in-range flags read 14 days of these counts instead of the ~4,000 CGM readings per patient
 * they summarise.
 *
 * The same scheme as the trend rollups (api/src/trends/rollup-refresh.ts): whole days are
 * recomputed from raw rows for every patient with glucose readings received since the watermark
 * (from the day of the earliest such reading to the day of the latest), idempotently, in one
 * REPEATABLE READ transaction under an advisory lock; then the watermark moves to now − margin.
 * Readings received after the watermark are read raw by the worklist, so it is exact between runs.
 * Days keyed in a zone the patient has since left are deleted and rebuilt in the new zone.
 */
import type pg from 'pg';
import { CONSENSUS_TARGETS as C } from '../trends/stats/glucose-ranges.ts';

export interface GlucoseRangesRefresh {
  /** False when another refresh held the lock. */
  ran: boolean;
  days: number;
  rezonedPatients: number;
}

/** Any constant works as long as every refresher uses it. */
const RANGES_LOCK = 5_311_004_772;

// The instant of a local midnight is widened by 3 hours either side (DST) for the index; the
// local-date condition decides, as in the trend rollup.
const UPSERT_SQL = `
  WITH touched AS (
    SELECT patient_id, min(measured_at) AS lo, max(measured_at) AS hi
      FROM (SELECT patient_id, measured_at FROM readings WHERE received_at >= $1::timestamptz AND metric = 'glucose'
            UNION ALL
            SELECT patient_id, measured_at FROM readings WHERE patient_id = ANY($2::uuid[]) AND metric = 'glucose') AS changed
     GROUP BY patient_id
  ),
  spans AS (
    SELECT t.patient_id, p.timezone, (t.lo AT TIME ZONE p.timezone)::date AS first_date, (t.hi AT TIME ZONE p.timezone)::date AS last_date
      FROM touched t JOIN patients p ON p.id = t.patient_id
  )
  INSERT INTO glucose_ranges_daily (patient_id, local_date, cgm, time_zone, n, below_54, below_70, above_180)
  SELECT r.patient_id, (r.measured_at AT TIME ZONE s.timezone)::date, COALESCE(d.type = 'cgm', false), s.timezone,
         count(*)::int, (count(*) FILTER (WHERE r.value < ${C.veryLowBelow}))::int, (count(*) FILTER (WHERE r.value < ${C.lowBelow}))::int, (count(*) FILTER (WHERE r.value > ${C.highAbove}))::int
    FROM spans s
    JOIN readings r ON r.patient_id = s.patient_id AND r.metric = 'glucose'
     AND r.measured_at >= (s.first_date::timestamp AT TIME ZONE s.timezone) - INTERVAL '3 hours'
     AND r.measured_at < ((s.last_date + 1)::timestamp AT TIME ZONE s.timezone) + INTERVAL '3 hours'
    LEFT JOIN devices d ON d.id = r.device_id
   WHERE (r.measured_at AT TIME ZONE s.timezone)::date BETWEEN s.first_date AND s.last_date
   GROUP BY 1, 2, 3, 4
  ON CONFLICT (patient_id, local_date, cgm) DO UPDATE SET time_zone = EXCLUDED.time_zone, n = EXCLUDED.n,
    below_54 = EXCLUDED.below_54, below_70 = EXCLUDED.below_70, above_180 = EXCLUDED.above_180`;

/**
 * Bring the counts up to date with every glucose reading received since the watermark.
 *
 * @param opts.marginMs - how long after its received_at a reading may still commit; those are counted again next run (harmless)
 */
export async function refreshGlucoseRanges(db: pg.Pool, opts: { now: Date; marginMs: number }): Promise<GlucoseRangesRefresh> {
  const client = await db.connect();
  try {
    const { rows: lock } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [RANGES_LOCK]);
    if (!lock[0]!.ok) return { ran: false, days: 0, rezonedPatients: 0 };
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
      try {
        const { rows: state } = await client.query<{ watermark: string }>('SELECT watermark::text AS watermark FROM glucose_ranges_state');
        const { rows: rezoned } = await client.query<{ patient_id: string }>(
          'DELETE FROM glucose_ranges_daily g USING patients p WHERE p.id = g.patient_id AND g.time_zone <> p.timezone RETURNING g.patient_id',
        );
        const rezonedIds = [...new Set(rezoned.map((r) => r.patient_id))];
        const upsert = await client.query(UPSERT_SQL, [state[0]!.watermark, rezonedIds]);
        await client.query('UPDATE glucose_ranges_state SET watermark = greatest(watermark, $1::timestamptz), last_run_at = $2', [new Date(opts.now.getTime() - opts.marginMs), opts.now]);
        await client.query('COMMIT');
        return { ran: true, days: upsert.rowCount ?? 0, rezonedPatients: rezonedIds.length };
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [RANGES_LOCK]);
    }
  } finally {
    client.release();
  }
}

/** The watermark the worklist reads raw readings from (PostgreSQL text; may be `-infinity`). */
export async function glucoseRangesWatermark(db: Pick<pg.Pool, 'query'>): Promise<string> {
  const { rows } = await db.query<{ watermark: string }>('SELECT watermark::text AS watermark FROM glucose_ranges_state');
  return rows[0]!.watermark;
}
