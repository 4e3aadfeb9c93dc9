/**
 * Bucketed trends, from rollups where they hold the answer exactly and from raw readings where
 * they do not. One code path for plain PostgreSQL and TimescaleDB: `readings_hourly` is a table
 * there and a real-time continuous aggregate here, with the same columns (0004_trends.sql).
 *
 * A rollup bucket is used only when it is complete: buckets holding a reading received since the
 * rollup watermark ("dirty" buckets: new or late data the job has not rolled up yet) are
 * recomputed from raw rows, whole. So a device uploading a week of stored readings shows in the
 * trend at once, before the job has run.
 */
import type pg from 'pg';
import type { Metric } from '../../../common/src/metrics.ts';
import { toIso } from './stats/instant.ts';
import type { TrendBucket, TrendSlot } from './stats/schemas.ts';
import { everySlot, wholeBuckets, type BucketScheme, type RollupKind, type Slot } from './bucket-scheme.ts';
import type { PatientTrendContext } from './patient-context.ts';

/** Which storage answered: all rollup, all raw, or rollup with some buckets recomputed raw. */
export type TrendSource = 'rollup' | 'raw' | 'rollup+raw';

export interface TrendResult {
  /** The range widened to whole buckets. */
  from: number;
  to: number;
  /** Buckets holding at least one reading, oldest first. */
  buckets: TrendBucket[];
  source: TrendSource;
}

/** One bucket's statistics as SQL returns them, keyed as bucket-scheme.ts keys buckets. */
export interface StatsRow {
  bucket: string;
  n: number;
  min: number;
  max: number;
  mean: number;
  p10: number;
  p25: number;
  p50: number;
  p75: number;
  p90: number;
}

const PERCENTILES_SQL = (v: string) =>
  [0.1, 0.25, 0.5, 0.75, 0.9].map((p) => `percentile_cont(${p}) WITHIN GROUP (ORDER BY ${v}) AS p${Math.round(p * 100)}`).join(', ');

/** Raw buckets over a set of `[lo, hi)` ranges ($3, $4); the zone, when the key needs it, is $5. */
const rawBucketsSql = (scheme: BucketScheme) => `
  SELECT k::text AS bucket, count(*)::int AS n, min(v) AS min, max(v) AS max, avg(v) AS mean, ${PERCENTILES_SQL('v')}
    FROM (SELECT ${scheme.keySql('$5::text')} AS k, r.value AS v
            FROM unnest($3::timestamptz[], $4::timestamptz[]) AS b(lo, hi)
            JOIN readings r ON r.patient_id = $1 AND r.metric = $2 AND r.measured_at >= b.lo AND r.measured_at < b.hi) AS x
   GROUP BY k`;

/** Keys of the buckets holding a reading received since the watermark ($3); zone as $6. */
const dirtyKeysSql = (scheme: BucketScheme) => `
  SELECT DISTINCT (${scheme.keySql('$6::text')})::text AS bucket
    FROM readings r
   WHERE r.received_at >= $3::timestamptz AND r.patient_id = $1 AND r.metric = $2
     AND r.measured_at >= $4 AND r.measured_at < $5`;

const ROLLUP_COLUMNS = `n, min_value AS min, max_value AS max, sum_value / n AS mean, p10, p25, p50, p75, p90`;

/** Rollup rows of whole buckets, $3..$4 the first and last bucket. */
const ROLLUP_SQL: Record<RollupKind, string> = {
  hourly: `
    SELECT (extract(epoch FROM bucket_start) * 1000)::bigint::text AS bucket, ${ROLLUP_COLUMNS}
      FROM readings_hourly
     WHERE patient_id = $1 AND metric = $2 AND bucket_start >= $3 AND bucket_start <= $4`,
  daily: `
    SELECT local_date::text AS bucket, ${ROLLUP_COLUMNS}
      FROM readings_daily
     WHERE patient_id = $1 AND metric = $2 AND local_date >= $3::date AND local_date <= $4::date`,
};

/** Rollup bounds as the relation keys them: an instant for hourly rows, a local date for daily ones. */
const rollupBound = (kind: RollupKind, s: Slot): string | Date => (kind === 'hourly' ? new Date(s.start) : s.key);

function toBucket(scheme: BucketScheme, r: StatsRow): TrendBucket {
  const slot = scheme.slotOfKey(r.bucket);
  return { start: toIso(slot.start), end: toIso(slot.end), count: r.n, min: r.min, max: r.max, mean: r.mean, p10: r.p10, p25: r.p25, p50: r.p50, p75: r.p75, p90: r.p90 };
}

async function rawBuckets(db: pg.Pool, ctx: PatientTrendContext, metric: Metric, scheme: BucketScheme, ranges: Slot[]): Promise<StatsRow[]> {
  if (!ranges.length) return [];
  const params: unknown[] = [ctx.patientId, metric, ranges.map((s) => new Date(s.start)), ranges.map((s) => new Date(s.end))];
  if (scheme.local) params.push(ctx.timeZone);
  return (await db.query<StatsRow>(rawBucketsSql(scheme), params)).rows;
}

function canUseRollup(scheme: BucketScheme, ctx: PatientTrendContext): scheme is BucketScheme & { rollup: RollupKind } {
  return scheme.rollup !== null && (scheme.rollup !== 'daily' || ctx.dailyRollupUsable);
}

/**
 * Trend buckets of one metric over `[from, to)`, widened to whole buckets.
 *
 * @param scheme - the bucket size in the patient's zone (bucket-scheme.ts)
 */
export async function queryTrend(db: pg.Pool, ctx: PatientTrendContext, metric: Metric, scheme: BucketScheme, range: { from: number; to: number }): Promise<TrendResult> {
  const { first, last } = wholeBuckets(scheme, range.from, range.to);
  const whole: Slot = { key: '', start: first.start, end: last.end };
  const finish = (rows: StatsRow[], source: TrendSource): TrendResult => ({
    from: whole.start,
    to: whole.end,
    buckets: rows.map((r) => toBucket(scheme, r)).sort((a, b) => Date.parse(a.start) - Date.parse(b.start)),
    source,
  });
  if (!canUseRollup(scheme, ctx)) return finish(await rawBuckets(db, ctx, metric, scheme, [whole]), 'raw');

  const dirtyParams: unknown[] = [ctx.patientId, metric, ctx.watermark, new Date(whole.start), new Date(whole.end)];
  if (scheme.local) dirtyParams.push(ctx.timeZone);
  const [rolled, dirty] = await Promise.all([
    db.query<StatsRow>(ROLLUP_SQL[scheme.rollup], [ctx.patientId, metric, rollupBound(scheme.rollup, first), rollupBound(scheme.rollup, last)]),
    db.query<{ bucket: string }>(dirtyKeysSql(scheme), dirtyParams),
  ]);
  const dirtyKeys = new Set(dirty.rows.map((r) => r.bucket));
  const clean = rolled.rows.filter((r) => !dirtyKeys.has(r.bucket));
  if (!dirtyKeys.size) return finish(clean, 'rollup');
  const recomputed = await rawBuckets(db, ctx, metric, scheme, [...dirtyKeys].map((k) => scheme.slotOfKey(k)));
  return finish([...clean, ...recomputed], 'rollup+raw');
}

/**
 * Every bucket of the trend's range, the empty ones with count 0 and null statistics, so a chart
 * draws gaps as gaps.
 */
export function withEmptyBuckets(scheme: BucketScheme, trend: TrendResult): TrendSlot[] {
  const byStart = new Map(trend.buckets.map((b) => [Date.parse(b.start), b]));
  const { first, last } = wholeBuckets(scheme, trend.from, trend.to);
  return everySlot(scheme, first, last).map(
    (s): TrendSlot => byStart.get(s.start) ?? { start: toIso(s.start), end: toIso(s.end), count: 0, min: null, max: null, mean: null, p10: null, p25: null, p50: null, p75: null, p90: null },
  );
}
