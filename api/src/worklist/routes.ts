/**
 * The triage worklist of a care team (issue 12): every enrolled patient with their flags, and the
 * clinician's actions on a row — claim, release, note, mark reviewed. Members of the team only;
 * the list writes one audit entry per patient shown, each action goes through guardPatient.
 * Rules: docs/rpm-workflow.md ("Worklist").
 */
import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type pg from 'pg';
import type { Clock } from '../../../common/src/clock.ts';
import { requireUser, userOf } from '../auth/require.ts';
import type { AppEnv } from '../http/env.ts';
import { jsonBody, jsonContent } from '../http/openapi-content.ts';
import { createRouter } from '../http/openapi-app.ts';
import { guardPatient } from '../policy/patient-guard.ts';
import { localCalendar } from '../trends/stats/time-zone.ts';
import { addNote, claimPatient, markReviewed, releaseClaim } from './actions-repo.ts';
import { buildWorklist } from './build-worklist.ts';
import { arrangeRows } from './ordering.ts';
import { Claim, MarkReviewed, NewNote, Note, Review, TeamParams, TeamPatientParams, Worklist, WorklistQuery } from './schemas.ts';
import { auditListed, requirePatientInTeam, teamAccess } from './team-access.ts';

export interface WorklistRouteDeps {
  db: pg.Pool;
  clock: Clock;
}

const tags = ['worklist'];
const clinicians = requireUser({ roles: ['clinician'] });
const rowPath = '/v1/care-teams/{teamId}/worklist/{patientId}';

/**
 * The checks of a row action: a member of the team, a patient of the team, and guardPatient's
 * decision and audit entry (write, scope `readings`).
 */
async function rowAction(c: Context<AppEnv>, deps: WorklistRouteDeps, p: { teamId: string; patientId: string }, action: string): Promise<void> {
  await teamAccess(deps.db, userOf(c), p.teamId, { admins: false, scope: 'readings', write: true });
  await requirePatientInTeam(deps.db, p.teamId, p.patientId);
  await guardPatient(c, deps, p.patientId, 'readings', { action, resource: `care-team/${p.teamId}/worklist`, write: true });
}

export function worklistRoutes(deps: WorklistRouteDeps) {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/care-teams/{teamId}/worklist',
      tags,
      summary: 'Triage worklist: every enrolled patient of the team with flags, reasons and evidence links',
      middleware: [clinicians] as const,
      request: { params: TeamParams, query: WorklistQuery },
      responses: { 200: jsonContent(Worklist, 'the worklist, in the requested order') },
    }),
    async (c) => {
      const { teamId } = c.req.valid('param');
      const q = c.req.valid('query');
      const p = userOf(c);
      await teamAccess(deps.db, p, teamId, { admins: false, scope: 'readings' });
      const now = deps.clock.now();
      const rows = arrangeRows(await buildWorklist(deps.db, teamId, now), q.sort, { ...(q.flags && { flags: q.flags }), ...(q.claimed && { claimed: q.claimed }), ...(q.reviewed && { reviewed: q.reviewed === 'true' }) }, p.userId);
      await auditListed(c, deps, rows.map((r) => r.patientId), { action: 'worklist.list', resource: `care-team/${teamId}/worklist`, reason: 'via care_team (worklist)' });
      return c.json({ teamId, asOf: now.toISOString(), patients: rows }, 200);
    },
  );

  app.openapi(
    createRoute({ method: 'post', path: `${rowPath}/claim`, tags, summary: 'Claim the patient for yourself', middleware: [clinicians] as const, request: { params: TeamPatientParams }, responses: { 200: jsonContent(Claim, 'claimed (or renewed)') } }),
    async (c) => {
      const params = c.req.valid('param');
      await rowAction(c, deps, params, 'worklist.claim');
      return c.json(await claimPatient(deps.db, params.teamId, params.patientId, userOf(c).userId, deps.clock.now()), 200);
    },
  );

  app.openapi(
    createRoute({ method: 'delete', path: `${rowPath}/claim`, tags, summary: 'Release your claim', middleware: [clinicians] as const, request: { params: TeamPatientParams }, responses: { 204: { description: 'released (or there was none)' } } }),
    async (c) => {
      const params = c.req.valid('param');
      await rowAction(c, deps, params, 'worklist.release');
      await releaseClaim(deps.db, params.teamId, params.patientId, userOf(c).userId);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({ method: 'post', path: `${rowPath}/notes`, tags, summary: 'Add a note to the patient’s row', middleware: [clinicians] as const, request: { params: TeamPatientParams, ...jsonBody(NewNote) }, responses: { 201: jsonContent(Note, 'added') } }),
    async (c) => {
      const params = c.req.valid('param');
      await rowAction(c, deps, params, 'worklist.note');
      return c.json(await addNote(deps.db, params.teamId, params.patientId, userOf(c).userId, c.req.valid('json').text, deps.clock.now()), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: `${rowPath}/review`,
      tags,
      summary: 'Mark the patient reviewed for a month (default: the patient’s current local month)',
      middleware: [clinicians] as const,
      request: { params: TeamPatientParams, ...jsonBody(MarkReviewed) },
      responses: { 200: jsonContent(Review, 'reviewed') },
    }),
    async (c) => {
      const params = c.req.valid('param');
      await rowAction(c, deps, params, 'worklist.review');
      const now = deps.clock.now();
      const { rows } = await deps.db.query<{ timezone: string }>('SELECT timezone FROM patients WHERE id = $1', [params.patientId]);
      const period = c.req.valid('json').period ?? localCalendar(rows[0]!.timezone).localDate(now).slice(0, 7);
      return c.json(await markReviewed(deps.db, params.teamId, params.patientId, period, userOf(c).userId, now), 200);
    },
  );
  return app;
}
