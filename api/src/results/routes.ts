import { createRoute, z } from '@hono/zod-openapi';
import { ForbiddenError, NotFoundError } from '../../../common/src/errors/index.ts';
import { auditListedPatients } from '../audit/audit-listing.ts';
import { requireUser, userOf } from '../auth/require.ts';
import { jsonBody, jsonContent } from '../http/openapi-content.ts';
import { createRouter } from '../http/openapi-app.ts';
import { createNotifier, type NotifierDeps } from '../notifications/notifier.ts';
import { guardPatient } from '../policy/patient-guard.ts';
import { renderResultPrint } from './print-view.ts';
import { releaseDueResults } from './release.ts';
import { releaseDelayRoutes } from './release-delay-routes.ts';
import { createResult, resultRepo, unverifiedOrderedBy, verifyResult, viewerOf } from './result-repo.ts';
import { NewResult, PatientParams, Result, ResultDetail, ResultListQuery, ResultParams, Trend, TrendQuery } from './schemas.ts';
import { careTeamOf } from './task-repo.ts';
import { taskRoutes } from './task-routes.ts';

const signedIn = requireUser();
const clinicians = requireUser({ roles: ['clinician'] });
const tags = ['results'];

/**
 * Test results: patients and proxies (scope `results`) see released results through the policy's
 * filters, with trends, explanations and a printable page; the care team records results, and the
 * ordering clinician verifies them, which starts the category's release delay. Care tasks and
 * release delays live in task-routes.ts and release-delay-routes.ts.
 */
export function resultRoutes(deps: NotifierDeps) {
  const app = createRouter();
  const notifier = createNotifier(deps);
  const now = () => deps.clock.now();

  app.openapi(
    createRoute({ method: 'get', path: '/v1/patients/{patientId}/results', tags, middleware: [signedIn], request: { params: PatientParams, query: ResultListQuery }, responses: { 200: jsonContent(z.object({ results: z.array(Result) }), 'results you may see, newest first') } }),
    async (c) => {
      const { patientId } = c.req.valid('param');
      const d = await guardPatient(c, deps, patientId, 'results', { action: 'results.read', resource: 'results' });
      return c.json({ results: await resultRepo(deps.db, patientId, viewerOf(d), now()).list(c.req.valid('query')) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/patients/{patientId}/results',
      tags,
      middleware: [clinicians],
      request: { params: PatientParams, ...jsonBody(NewResult) },
      responses: { 201: jsonContent(Result.extend({ taskId: z.uuid().nullable().describe('the call task a critical result opened') }), 'recorded; unverified until the ordering clinician verifies it') },
    }),
    async (c) => {
      const { patientId } = c.req.valid('param');
      const body = c.req.valid('json');
      const d = await guardPatient(c, deps, patientId, 'results', { action: 'results.create', resource: 'results', write: true });
      if (d.via !== 'care_team') throw new ForbiddenError('results are recorded by the care team', { extra: { code: 'not_care_team' } });
      const { rows } = await deps.db.query<{ clinic_id: string }>('SELECT clinic_id FROM patients WHERE id = $1', [patientId]);
      const { result, taskId } = await createResult(deps.db, body, { clinicId: rows[0]!.clinic_id, patientId, orderedBy: body.orderedBy ?? userOf(c).userId, now: now() });
      if (taskId) {
        const team = await careTeamOf(deps.db, patientId);
        await notifier.notify(team.map((userId) => ({ userId, kind: 'care_task' as const, title: `Call the patient: critical ${result.displayName}`, link: `/care-tasks/${taskId}` })));
      }
      return c.json({ ...result, taskId }, 201);
    },
  );

  // registered before /{resultId} so "trend" is not taken for an id
  app.openapi(
    createRoute({ method: 'get', path: '/v1/patients/{patientId}/results/trend', tags, middleware: [signedIn], request: { params: PatientParams, query: TrendQuery }, responses: { 200: jsonContent(Trend, "one test's values over time, oldest first") } }),
    async (c) => {
      const { patientId } = c.req.valid('param');
      const { loinc } = c.req.valid('query');
      const d = await guardPatient(c, deps, patientId, 'results', { action: 'results.trend.read', resource: `results/trend/${loinc}` });
      return c.json(await resultRepo(deps.db, patientId, viewerOf(d), now()).trend(loinc), 200);
    },
  );

  app.openapi(
    createRoute({ method: 'get', path: '/v1/patients/{patientId}/results/{resultId}', tags, middleware: [signedIn], request: { params: ResultParams }, responses: { 200: jsonContent(ResultDetail, 'the result with an explanation of the test') } }),
    async (c) => {
      const { patientId, resultId } = c.req.valid('param');
      const d = await guardPatient(c, deps, patientId, 'results', { action: 'results.read', resource: `results/${resultId}` });
      return c.json(await resultRepo(deps.db, patientId, viewerOf(d), now()).get(resultId), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/patients/{patientId}/results/{resultId}/print',
      tags,
      middleware: [signedIn],
      request: { params: ResultParams },
      responses: { 200: { description: 'a plain, accessible page to print', content: { 'text/html': { schema: z.string() } } } },
    }),
    async (c) => {
      const { patientId, resultId } = c.req.valid('param');
      const d = await guardPatient(c, deps, patientId, 'results', { action: 'results.print', resource: `results/${resultId}` });
      const result = await resultRepo(deps.db, patientId, viewerOf(d), now()).get(resultId);
      const { rows } = await deps.db.query<{ name: string; birth_date: string; mrn: string; timezone: string }>(
        "SELECT given_name || ' ' || family_name AS name, birth_date::text, mrn, timezone FROM patients WHERE id = $1",
        [patientId],
      );
      const p = rows[0];
      if (!p) throw new NotFoundError('no such patient');
      c.header('cache-control', 'private, no-store');
      return c.html(renderResultPrint(result, { name: p.name, birthDate: p.birth_date, mrn: p.mrn, timeZone: p.timezone }, now()), 200);
    },
  );

  app.openapi(
    createRoute({ method: 'post', path: '/v1/patients/{patientId}/results/{resultId}/verify', tags, middleware: [clinicians], request: { params: ResultParams }, responses: { 200: jsonContent(Result, 'verified; released now or after the category’s delay') } }),
    async (c) => {
      const { patientId, resultId } = c.req.valid('param');
      await guardPatient(c, deps, patientId, 'results', { action: 'results.verify', resource: `results/${resultId}`, write: true });
      const result = await verifyResult(deps.db, patientId, resultId, userOf(c).userId, now());
      // no delay: tell the patient now rather than at the next release pass
      if (result.releaseAt && Date.parse(result.releaseAt) <= now().getTime()) await releaseDueResults({ ...deps, notifier }, { resultId });
      return c.json(result, 200);
    },
  );

  app.openapi(
    createRoute({ method: 'get', path: '/v1/results/unverified', tags, middleware: [clinicians], responses: { 200: jsonContent(z.object({ results: z.array(Result) }), 'results you ordered that wait for your verification') } }),
    async (c) => {
      const results = await unverifiedOrderedBy(deps.db, userOf(c).userId);
      await auditListedPatients(c, deps, results.map((r) => r.patientId), { action: 'results.unverified.read', resource: 'results', reason: 'ordering clinician' });
      return c.json({ results }, 200);
    },
  );

  app.route('/', taskRoutes(deps));
  app.route('/', releaseDelayRoutes(deps));
  return app;
}
