/**
 * The glucose flag family's query: per patient and source (CGM or not), the 14-day counts below
 * the very-low and low thresholds and above the high one, from `glucose_ranges_daily` where it
 * holds the answer and from raw readings where it may not (window-sql.ts). Patients with their own
 * targets are counted raw at their thresholds.
 */
import type pg from 'pg';
import { CONSENSUS_TARGETS } from '../trends/stats/glucose-ranges.ts';
import type { GlucoseTargets } from '../trends/stats/schemas.ts';
import type { GlucoseRangeCounts } from './flags/glucose-flags.ts';
import { cleanRollupRow, WINDOW_CTES, windowParams, type PatientWindow } from './window-sql.ts';

const C = CONSENSUS_TARGETS;

// Rollup rows count at the consensus thresholds, and so do the dirty days recomputed for rollup
// patients; patients read raw (own targets) are counted at theirs ($13–$15, aligned with $10).
const GLUCOSE_SQL = `
  WITH ${WINDOW_CTES},
  targets AS (SELECT * FROM unnest($10::uuid[], $13::float8[], $14::float8[], $15::float8[]) AS t(patient_id, very_low, low, high)),
  rolled AS (
    SELECT g.patient_id, g.cgm, g.n, g.below_54 AS below_very_low, g.below_70 AS below_low, g.above_180 AS above_high
      FROM glucose_ranges_daily g JOIN win w ON w.patient_id = g.patient_id
     WHERE g.time_zone = w.tz AND ${cleanRollupRow('g')}
  ),
  raw AS (
    SELECT r.patient_id, COALESCE(d.type = 'cgm', false) AS cgm, count(*)::int AS n,
           (count(*) FILTER (WHERE r.value < COALESCE(t.very_low, ${C.veryLowBelow})))::int AS below_very_low,
           (count(*) FILTER (WHERE r.value < COALESCE(t.low, ${C.lowBelow})))::int AS below_low,
           (count(*) FILTER (WHERE r.value > COALESCE(t.high, ${C.highAbove})))::int AS above_high
      FROM spans s
      LEFT JOIN targets t ON t.patient_id = s.patient_id
      JOIN readings r ON r.patient_id = s.patient_id AND r.metric = 'glucose' AND r.measured_at >= s.lo AND r.measured_at < s.hi
      LEFT JOIN devices d ON d.id = r.device_id
     GROUP BY 1, 2
  )
  SELECT patient_id, cgm, sum(n)::int AS n, sum(below_very_low)::int AS "belowVeryLow", sum(below_low)::int AS "belowLow", sum(above_high)::int AS "aboveHigh"
    FROM (SELECT * FROM rolled UNION ALL SELECT * FROM raw) AS x
   GROUP BY 1, 2`;

/**
 * Range counts of every patient's window, by source.
 *
 * @param targets - per patient, the thresholds to count at (used for the patients read raw)
 */
export async function glucoseRangeCounts(db: Pick<pg.Pool, 'query'>, windows: readonly PatientWindow[], targets: ReadonlyMap<string, GlucoseTargets>, watermark: string): Promise<Map<string, GlucoseRangeCounts[]>> {
  const out = new Map<string, GlucoseRangeCounts[]>(windows.map((w) => [w.patientId, []]));
  if (!windows.length) return out;
  const t = windows.filter((w) => !w.rollupUsable).map((w) => targets.get(w.patientId)!);
  const { rows } = await db.query<GlucoseRangeCounts & { patient_id: string }>(GLUCOSE_SQL, [
    ...windowParams(windows, watermark, ['glucose']),
    t.map((x) => x.veryLowBelow),
    t.map((x) => x.lowBelow),
    t.map((x) => x.highAbove),
  ]);
  for (const { patient_id, ...counts } of rows) out.get(patient_id)!.push(counts);
  return out;
}
