import { METRICS } from '../../../common/src/metrics.ts';
import { bucketScheme } from './bucket-scheme.ts';
import { Trend, TrendQuery } from './http-schemas.ts';
import type { PeriodRule } from './period.ts';
import type { BucketSize } from './stats/schemas.ts';
import { toIso } from './stats/instant.ts';
import { queryTrend, withEmptyBuckets } from './trend-repo.ts';
import { patientGetRoute, readingsAccessForPeriod, type Router, type TrendRouteDeps } from './route-kit.ts';

/**
 * Default span and longest range per bucket size: a few thousand buckets at most, so a chart
 * request never turns into a bulk export.
 */
export const TREND_PERIODS: Record<BucketSize, PeriodRule> = {
  '15m': { defaultDays: 1, maxDays: 31, defaultTo: 'now' },
  '1h': { defaultDays: 7, maxDays: 92, defaultTo: 'now' },
  '1d': { defaultDays: 90, maxDays: 1100, defaultTo: 'now' },
  '1w': { defaultDays: 364, maxDays: 3660, defaultTo: 'now' },
};

const route = patientGetRoute({
  path: '/v1/patients/{patientId}/trends',
  summary: 'Bucketed trend of one metric: count, min, max, mean and percentiles per bucket',
  description:
    'Buckets of 15 minutes or 1 hour (UTC-aligned) or of the patient’s local days or Monday weeks (23–25 h around DST). The range is widened to whole buckets. Percentiles are percentile_cont. Defaults: the last 1, 7, 90 or 364 local days.',
  query: TrendQuery,
  response: Trend,
});

/** GET /v1/patients/{patientId}/trends */
export function registerTrendRoute(app: Router, deps: TrendRouteDeps): void {
  app.openapi(route, async (c) => {
    const { patientId } = c.req.valid('param');
    const q = c.req.valid('query');
    const { ctx, period } = await readingsAccessForPeriod(c, deps, patientId, { action: 'trends.read', resource: `trends/${q.metric}/${q.bucket}` }, q, TREND_PERIODS[q.bucket]);
    const scheme = bucketScheme(q.bucket, ctx.timeZone);
    const trend = await queryTrend(deps.db, ctx, q.metric, scheme, period);
    const buckets = q.fill === 'true' ? withEmptyBuckets(scheme, trend) : trend.buckets;
    return c.json(
      { metric: q.metric, unit: METRICS[q.metric].unit, bucket: q.bucket, timeZone: ctx.timeZone, from: toIso(trend.from), to: toIso(trend.to), source: trend.source, buckets },
      200,
    );
  });
}
