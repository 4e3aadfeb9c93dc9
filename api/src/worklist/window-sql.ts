/**
 * The SQL shared by the flag families that read a rollup: one statement over every patient of the
 * worklist, using rollup rows where they are complete and raw readings where they may not be.
 *
 * A local day is "dirty" when it holds a reading received since the rollup's watermark (new or
 * late data the job has not rolled up yet); its rollup row is skipped and the day is recomputed
 * from raw rows. A patient whose rollup cannot be used at all (zone changed, own thresholds) is
 * read raw over the whole window. This is the trend layer's rule (api/src/trends/trend-repo.ts),
 * applied to many patients at once.
 *
 * The two kinds of patient come as separate arrays so that the planner sees how many of each
 * there are (usually none raw): with one array and a flag it assumed half of them raw, costed the
 * statement at hundreds of thousands and spent a second JIT-compiling a 40 ms query.
 *
 * Parameters of {@link WINDOW_CTES}: rollup patients — $1 ids, $2 first local date, $3 end local
 * date (exclusive), $4 window start, $5 window end, $6 zone; $7 rollup watermark, $8 metrics, $9
 * earliest first date (a constant bound for the rollup index); raw patients — $10 ids, $11 window
 * start, $12 window end.
 */

/** One patient's window, as the families take it. */
export interface PatientWindow {
  patientId: string;
  fromDate: string;
  /** Exclusive. */
  toDate: string;
  from: number;
  to: number;
  rollupUsable: boolean;
  timeZone: string;
}

/** `win` (rollup patients), `dirty` (their local days to recompute) and `spans` (every instant range to read raw). */
export const WINDOW_CTES = `
  win AS MATERIALIZED (
    SELECT * FROM unnest($1::uuid[], $2::date[], $3::date[], $4::timestamptz[], $5::timestamptz[], $6::text[]) AS w(patient_id, from_date, to_date, lo, hi, tz)
  ),
  recent AS MATERIALIZED (
    SELECT patient_id, measured_at FROM readings
     WHERE received_at >= $7::timestamptz AND metric = ANY($8::text[]) AND measured_at >= (SELECT min(lo) FROM win)
  ),
  dirty AS (
    SELECT DISTINCT w.patient_id, (r.measured_at AT TIME ZONE w.tz)::date AS local_date
      FROM recent r JOIN win w ON w.patient_id = r.patient_id AND r.measured_at >= w.lo AND r.measured_at < w.hi
  ),
  spans AS (
    SELECT d.patient_id, greatest(w.lo, d.local_date::timestamp AT TIME ZONE w.tz) AS lo, least(w.hi, (d.local_date + 1)::timestamp AT TIME ZONE w.tz) AS hi
      FROM dirty d JOIN win w ON w.patient_id = d.patient_id
    UNION ALL
    SELECT * FROM unnest($10::uuid[], $11::timestamptz[], $12::timestamptz[]) AS raw(patient_id, lo, hi)
  )`;

/** The condition that keeps a rollup row `alias` (joined to `win w`): in the window and not dirty. */
export const cleanRollupRow = (alias: string): string => `
  ${alias}.local_date >= $9::date AND ${alias}.local_date >= w.from_date AND ${alias}.local_date < w.to_date
  AND NOT EXISTS (SELECT 1 FROM dirty d WHERE d.patient_id = ${alias}.patient_id AND d.local_date = ${alias}.local_date)`;

/** The twelve parameters of {@link WINDOW_CTES}, in order. */
export function windowParams(windows: readonly PatientWindow[], watermark: string, metrics: readonly string[]): unknown[] {
  const rolled = windows.filter((w) => w.rollupUsable);
  const raw = windows.filter((w) => !w.rollupUsable);
  const earliest = rolled.map((w) => w.fromDate).sort()[0] ?? '1970-01-01';
  return [
    rolled.map((w) => w.patientId),
    rolled.map((w) => w.fromDate),
    rolled.map((w) => w.toDate),
    rolled.map((w) => new Date(w.from)),
    rolled.map((w) => new Date(w.to)),
    rolled.map((w) => w.timeZone),
    watermark,
    metrics,
    earliest,
    raw.map((w) => w.patientId),
    raw.map((w) => new Date(w.from)),
    raw.map((w) => new Date(w.to)),
  ];
}
