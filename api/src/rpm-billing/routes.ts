/**
 * RPM billing (issue 12): per patient and local calendar month, the remote-monitoring codes and
 * their evidence, as JSON and as a CSV export for the billing team — administrators of the clinic
 * and clinicians of the team that runs the enrolments. Every patient in a report gets an audit
 * entry. The enrolment routes (enrolment-routes.ts) are mounted here too. Rules and sources:
 * docs/rpm-workflow.md ("RPM billing").
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type pg from 'pg';
import type { Clock } from '../../../common/src/clock.ts';
import { requireUser, userOf } from '../auth/require.ts';
import type { AppEnv } from '../http/env.ts';
import { jsonContent } from '../http/openapi-content.ts';
import { createRouter } from '../http/openapi-app.ts';
import { auditListed, teamAccess } from '../worklist/team-access.ts';
import { toCsv } from './csv.ts';
import { CSV_HEADER, csvRows, monthReport, type MonthReport } from './month-report.ts';
import { registerEnrolmentRoutes } from './enrolment-routes.ts';
import { loadRuleSets } from './report-repo.ts';
import { staffPatientAccess } from './staff-access.ts';
import { MonthQuery, PatientParams, RpmMonthReport, RuleSets, TeamParams } from './schemas.ts';

export interface RpmBillingRouteDeps {
  db: pg.Pool;
  clock: Clock;
}

const tags = ['rpm-billing'];
const staff = requireUser({ roles: ['clinician', 'admin'] });

/** The last complete month in UTC: what a billing team runs at the start of a month. */
const lastMonth = (now: Date) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);

/** The team report, its access check and one audit entry per patient in it. */
async function teamReport(c: Context<AppEnv>, deps: RpmBillingRouteDeps, teamId: string, month: string | undefined): Promise<MonthReport> {
  const p = userOf(c);
  const access = await teamAccess(deps.db, p, teamId, { admins: true, scope: 'billing' });
  const now = deps.clock.now();
  const report = await monthReport(deps.db, { teamId }, month ?? lastMonth(now), now);
  const reason = access.via === 'care_team' ? 'via care_team (RPM billing report)' : 'billing: clinic RPM billing report';
  await auditListed(c, deps, report.patients.map((x) => x.patientId), { action: 'rpm-billing.report', resource: `care-team/${teamId}/rpm-billing/${report.month}`, reason: `${reason}, rules ${report.rulesVersion}` });
  return report;
}

export function rpmBillingRoutes(deps: RpmBillingRouteDeps) {
  const app = createRouter();

  app.openapi(
    createRoute({ method: 'get', path: '/v1/care-teams/{teamId}/rpm-billing', tags, summary: 'RPM codes and evidence of the team’s enrolments for a month', middleware: [staff] as const, request: { params: TeamParams, query: MonthQuery }, responses: { 200: jsonContent(RpmMonthReport, 'the report') } }),
    async (c) => c.json(await teamReport(c, deps, c.req.valid('param').teamId, c.req.valid('query').month), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/care-teams/{teamId}/rpm-billing/csv',
      tags,
      summary: 'The same report as CSV (RFC 4180), one row per billed code',
      middleware: [staff] as const,
      request: { params: TeamParams, query: MonthQuery },
      responses: { 200: { description: 'text/csv; header row first', content: { 'text/csv': { schema: z.string() } } } },
    }),
    async (c) => {
      const report = await teamReport(c, deps, c.req.valid('param').teamId, c.req.valid('query').month);
      return c.body(toCsv(CSV_HEADER, csvRows(report)), 200, { 'content-type': 'text/csv; charset=utf-8; header=present', 'content-disposition': `attachment; filename="rpm-billing-${report.month}.csv"` });
    },
  );

  app.openapi(
    createRoute({ method: 'get', path: '/v1/patients/{patientId}/rpm-billing', tags, summary: 'RPM codes and evidence of one patient for a month', middleware: [staff] as const, request: { params: PatientParams, query: MonthQuery }, responses: { 200: jsonContent(RpmMonthReport, 'the report') } }),
    async (c) => {
      const { patientId } = c.req.valid('param');
      await staffPatientAccess(c, deps, patientId, 'billing', { action: 'rpm-billing.read', resource: 'rpm-billing' });
      const now = deps.clock.now();
      return c.json(await monthReport(deps.db, { patientId }, c.req.valid('query').month ?? lastMonth(now), now), 200);
    },
  );

  app.openapi(
    createRoute({ method: 'get', path: '/v1/rpm-billing/rule-sets', tags, summary: 'Every RPM billing rule set, oldest first, with its source', middleware: [staff] as const, responses: { 200: jsonContent(RuleSets, 'the rule sets') } }),
    async (c) => c.json({ ruleSets: await loadRuleSets(deps.db) }, 200),
  );
  registerEnrolmentRoutes(app, deps);
  return app;
}
