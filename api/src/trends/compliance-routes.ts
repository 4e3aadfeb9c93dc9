import { createRoute, z } from '@hono/zod-openapi';
import { ForbiddenError, NotFoundError } from '../../../common/src/errors/index.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { actorOf, type UserPrincipal } from '../auth/principal.ts';
import { requireUser, userOf } from '../auth/require.ts';
import { tokenAllows } from '../policy/patient-access.ts';
import { monitoredPatientsFor } from './compliance-repo.ts';
import { clinicCompliance, patientCompliance, type ComplianceListRow } from './compliance-view.ts';
import { ClinicCompliance, ClinicComplianceQuery, ComplianceReportResponse } from './http-schemas.ts';
import { rollupWatermark } from './patient-context.ts';
import { COMPLIANCE_DEFAULTS } from './stats/compliance.ts';
import { toIso } from './stats/instant.ts';
import { json, patientGetRoute, readingsAccess, TAGS, type Router, type TrendRouteDeps } from './route-kit.ts';

const patientRoute = patientGetRoute({
  path: '/v1/patients/{patientId}/compliance',
  summary: 'Remote-monitoring compliance: local days with readings per 30-day period (16 qualify, CPT 99454)',
  description: 'Periods run in 30 local days from the local date of the patient’s first device assignment. Decisions: docs/trend-statistics.md.',
  query: z.object({}),
  response: ComplianceReportResponse,
});

const clinicRoute = createRoute({
  method: 'get',
  path: '/v1/clinics/compliance',
  tags: TAGS,
  summary: 'Monitored patients at risk of missing 16 days of readings in their current 30-day period',
  description:
    'Clinicians see the patients of their care teams; administrators every monitored patient of their clinic. Rows hold counts of days only (billing data), never measured values. Each listed patient gets an audit entry.',
  middleware: [requireUser({ roles: ['clinician', 'admin'] })] as const,
  request: { query: ClinicComplianceQuery },
  responses: { 200: json(ClinicCompliance, 'the list, at-risk patients first') },
});

type Staff = UserPrincipal & { role: 'clinician' | 'admin' };

function staffOf(p: UserPrincipal): Staff {
  // an API token reaches the list with either scope: clinicians read readings, billing staff billing
  if (!tokenAllows(p, 'readings', false) && !tokenAllows(p, 'billing', false)) throw new ForbiddenError('the API token lacks the scope readings:read or billing:read');
  if (p.role === 'admin' && !p.clinicId) throw new ForbiddenError('your account belongs to no clinic');
  return p as Staff;
}

/** Why a staff member may see each row, for the audit entry: care team, or billing administration. */
const LIST_REASON: Record<Staff['role'], string> = {
  clinician: 'via care_team (compliance list)',
  admin: 'billing: clinic compliance list (day counts only)',
};

/** GET /v1/patients/{patientId}/compliance and GET /v1/clinics/compliance */
export function registerComplianceRoutes(app: Router, deps: TrendRouteDeps): void {
  app.openapi(patientRoute, async (c) => {
    const { patientId } = c.req.valid('param');
    const ctx = await readingsAccess(c, deps, patientId, { action: 'compliance.read', resource: 'compliance' });
    const report = await patientCompliance(deps.db, ctx, deps.clock.now());
    if (!report) throw new NotFoundError('the patient is not under remote monitoring (no device was ever assigned)');
    return c.json(report, 200);
  });

  app.openapi(clinicRoute, async (c) => {
    const staff = staffOf(userOf(c));
    const now = deps.clock.now();
    const patients = await monitoredPatientsFor(staff).list(deps.db, now, COMPLIANCE_DEFAULTS.periodDays);
    const all = await clinicCompliance(deps.db, patients, await rollupWatermark(deps.db), now);
    const listed: ComplianceListRow[] = c.req.valid('query').all === 'true' ? all : all.filter((r) => r.current.outlook.atRisk);
    await appendAudit(deps.db, deps.clock, auditEntries(staff, listed, c.get('requestId')));
    return c.json({ asOf: toIso(now.getTime()), requiredDays: COMPLIANCE_DEFAULTS.requiredDays, periodDays: COMPLIANCE_DEFAULTS.periodDays, patients: listed }, 200);
  });
}

/** One entry per patient shown (who saw whom); one without a patient when the list was empty. */
function auditEntries(staff: Staff, listed: readonly ComplianceListRow[], requestId: string) {
  const entry = (patientId: string | null) => ({ actor: actorOf(staff), actorRole: staff.role, patientId, action: 'compliance.list', resource: 'compliance/clinic', reason: LIST_REASON[staff.role], requestId });
  return listed.length ? listed.map((r) => entry(r.patientId)) : [entry(null)];
}
