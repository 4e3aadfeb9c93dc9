import { z } from '@hono/zod-openapi';
import { NotFoundError } from '../../../../common/src/errors/index.ts';
import { guardPatient } from '../../policy/patient-guard.ts';
import { loadPatientContext } from '../../trends/patient-context.ts';
import { resolvePeriod } from '../../trends/period.ts';
import { glucosePoints } from '../../trends/report-repo.ts';
import { GLUCOSE_PERIOD } from '../../trends/report-routes.ts';
import { glucoseReport } from '../../trends/stats/glucose-report.ts';
import { addDays, localCalendar, MINUTE_MS } from '../../trends/stats/time-zone.ts';
import { isUuid } from '../search/search-request.ts';
import { fhirAudit, type FhirRouteDeps } from '../fhir-access.ts';
import { fhirJson } from '../http/fhir-response.ts';
import { cgmSummaryBundle } from '../resources/cgm-summary.ts';
import { fhirGet, validId, validQuery, type FhirRouter } from './fhir-route-kit.ts';

const SummaryQuery = z.object({
  start: z.iso.date().optional().openapi({ description: "First local date of the period (the patient's time zone); default: 14 days before end" }),
  end: z.iso.date().optional().openapi({ description: 'Last local date of the period, inclusive; default: yesterday (complete days only)' }),
});

/**
 * GET /fhir/R4/Patient/{id}/$cgm-summary: the HL7 CGM IG summary Observations for a period,
 * computed by the glucose report (the same numbers as /v1/patients/{id}/reports/glucose: CGM
 * readings only, the patient's own targets, at most 90 days). An operation rather than an
 * Observation search, because the summaries are computed for the period asked, not stored.
 */
export function registerCgmSummaryRoute(app: FhirRouter, deps: FhirRouteDeps): void {
  fhirGet(
    app,
    {
      path: '/fhir/R4/Patient/{id}/$cgm-summary',
      summary: 'CGM summary (HL7 CGM IG): mean glucose, times in ranges, GMI, CV, days of wear, sensor active %',
      returns: 'collection Bundle of CGM IG summary Observations',
      withId: true,
      querySchema: SummaryQuery,
      // it answers with Observations computed from the patient's readings
      smart: { type: 'Observation', interaction: 'search' },
    },
    async (c) => {
      const id = validId(c);
      if (!isUuid(id)) throw new NotFoundError(`no Patient ${id}`);
      const { start, end } = validQuery(c, SummaryQuery);
      await guardPatient(c, deps, id, 'readings', fhirAudit('Patient', 'cgm-summary', id));
      const ctx = await loadPatientContext(deps.db, id);
      const calendar = localCalendar(ctx.timeZone);
      const now = deps.clock.now();
      const iso = (ms: number) => new Date(ms).toISOString();
      const period = resolvePeriod(
        { from: start ? iso(calendar.startOfDay(start)) : undefined, to: end ? iso(calendar.startOfDay(addDays(end, 1))) : undefined },
        { ...GLUCOSE_PERIOD, minMs: 5 * MINUTE_MS },
        calendar,
        now,
      );
      const report = glucoseReport(await glucosePoints(deps.db, id, period, 'cgm'), { period, timeZone: ctx.timeZone, targets: ctx.glucoseTargets });
      return fhirJson(c, cgmSummaryBundle({ patientId: id, report, startDate: calendar.localDate(period.from), endDate: calendar.localDate(period.to - 1), issued: now }));
    },
  );
}
