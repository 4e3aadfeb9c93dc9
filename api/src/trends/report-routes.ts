import { BpReportQuery, BpReportResponse, GlucoseReportQuery, GlucoseReportResponse } from './http-schemas.ts';
import type { PeriodRule } from './period.ts';
import { bpReadings, glucosePoints } from './report-repo.ts';
import { bpReport } from './stats/bp-report.ts';
import { glucoseReport } from './stats/glucose-report.ts';
import { toIso } from './stats/instant.ts';
import { MINUTE_MS } from './stats/time-zone.ts';
import { patientGetRoute, readingsAccessForPeriod, type Router, type TrendRouteDeps } from './route-kit.ts';

/**
 * The glucose report defaults to the last 14 complete local days (the consensus period; today is
 * partial and would lower CGM active time), and reads raw rows, so at most 90 days.
 */
export const GLUCOSE_PERIOD: PeriodRule = { defaultDays: 14, maxDays: 90, defaultTo: 'start-of-today' };
/** The BP report defaults to the last 30 local days including today so far. */
export const BP_PERIOD: PeriodRule = { defaultDays: 30, maxDays: 366, defaultTo: 'now' };

const glucoseRoute = patientGetRoute({
  path: '/v1/patients/{patientId}/reports/glucose',
  summary: 'CGM report (International Consensus on Time in Range 2019): time in ranges, GMI, CV, AGP, LBGI/HBGI',
  description:
    'Methods and clinical decisions: docs/trend-statistics.md. The patient’s own glucose targets replace the consensus thresholds they set. Default period: the last 14 complete local days.',
  query: GlucoseReportQuery,
  response: GlucoseReportResponse,
});

const bpRoute = patientGetRoute({
  path: '/v1/patients/{patientId}/reports/blood-pressure',
  summary: 'Home blood-pressure report: averages, morning and evening, ACC/AHA 2017 categories',
  description: 'Methods and clinical decisions: docs/trend-statistics.md. Default period: the last 30 local days, today included.',
  query: BpReportQuery,
  response: BpReportResponse,
});

/** GET …/reports/glucose and …/reports/blood-pressure */
export function registerReportRoutes(app: Router, deps: TrendRouteDeps): void {
  app.openapi(glucoseRoute, async (c) => {
    const { patientId } = c.req.valid('param');
    const q = c.req.valid('query');
    const rule = { ...GLUCOSE_PERIOD, minMs: q.sensorIntervalMinutes * MINUTE_MS };
    const { ctx, period } = await readingsAccessForPeriod(c, deps, patientId, { action: 'reports.read', resource: 'reports/glucose' }, q, rule);
    const points = await glucosePoints(deps.db, patientId, period, q.source);
    const report = glucoseReport(points, {
      period,
      timeZone: ctx.timeZone,
      targets: ctx.glucoseTargets,
      agpBinMinutes: Number(q.agpBinMinutes),
      sensorIntervalMinutes: q.sensorIntervalMinutes,
    });
    return c.json(report, 200);
  });

  app.openapi(bpRoute, async (c) => {
    const { patientId } = c.req.valid('param');
    const audit = { action: 'reports.read', resource: 'reports/blood-pressure' };
    const { ctx, period } = await readingsAccessForPeriod(c, deps, patientId, audit, c.req.valid('query'), BP_PERIOD);
    const report = bpReport(await bpReadings(deps.db, patientId, period), { timeZone: ctx.timeZone });
    return c.json({ ...report, from: toIso(period.from), to: toIso(period.to) }, 200);
  });
}
