/**
 * The blood-pressure flag family's query: count and sum of systolic and diastolic readings in each
 * patient's 7-day window, from `readings_daily` (trends rollup) where complete and raw otherwise
 * (window-sql.ts), so the mean is exact to the last reading.
 */
import type pg from 'pg';
import type { BpSums } from './flags/bp-flag.ts';
import { cleanRollupRow, WINDOW_CTES, windowParams, type PatientWindow } from './window-sql.ts';

const BP_METRICS = ['systolic', 'diastolic'] as const;

const BP_SQL = `
  WITH ${WINDOW_CTES},
  rolled AS (
    SELECT g.patient_id, g.metric, g.n, g.sum_value
      FROM readings_daily g JOIN win w ON w.patient_id = g.patient_id
     WHERE g.metric = ANY($8::text[]) AND ${cleanRollupRow('g')}
  ),
  raw AS (
    SELECT r.patient_id, r.metric, count(*)::int AS n, sum(r.value) AS sum_value
      FROM spans s JOIN readings r ON r.patient_id = s.patient_id AND r.metric = ANY($8::text[]) AND r.measured_at >= s.lo AND r.measured_at < s.hi
     GROUP BY 1, 2
  )
  SELECT patient_id, metric, sum(n)::int AS n, sum(sum_value)::float8 AS sum
    FROM (SELECT * FROM rolled UNION ALL SELECT * FROM raw) AS x
   GROUP BY 1, 2`;

/** Sums per patient; a patient without BP readings in the window is absent. */
export async function bpSums(db: Pick<pg.Pool, 'query'>, windows: readonly PatientWindow[], watermark: string): Promise<Map<string, BpSums>> {
  const out = new Map<string, BpSums>();
  if (!windows.length) return out;
  const { rows } = await db.query<{ patient_id: string; metric: (typeof BP_METRICS)[number]; n: number; sum: number }>(BP_SQL, windowParams(windows, watermark, BP_METRICS));
  for (const r of rows) {
    const sums = out.get(r.patient_id) ?? { systolic: { n: 0, sum: 0 }, diastolic: { n: 0, sum: 0 } };
    sums[r.metric] = { n: r.n, sum: r.sum };
    out.set(r.patient_id, sums);
  }
  return out;
}
