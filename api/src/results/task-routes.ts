import { createRoute, z } from '@hono/zod-openapi';
import type pg from 'pg';
import type { Clock } from '../../../common/src/clock.ts';
import { auditListedPatients } from '../audit/audit-listing.ts';
import { requireUser, userOf } from '../auth/require.ts';
import { jsonBody, jsonContent } from '../http/openapi-content.ts';
import { createRouter } from '../http/openapi-app.ts';
import { guardPatient } from '../policy/patient-guard.ts';
import { CareTask, CompleteTask, TaskListQuery, TaskParams } from './schemas.ts';
import { completeTask, taskPatient, tasksForClinician } from './task-repo.ts';

const clinicians = requireUser({ roles: ['clinician'] });
const tags = ['care-tasks'];

/** The care team's call list for critical results: open until someone records the call. */
export function taskRoutes(deps: { db: pg.Pool; clock: Clock }) {
  const app = createRouter();

  app.openapi(
    createRoute({ method: 'get', path: '/v1/care-tasks', tags, middleware: [clinicians], request: { query: TaskListQuery }, responses: { 200: jsonContent(z.object({ tasks: z.array(CareTask) }), "tasks for your care teams' patients, oldest open first") } }),
    async (c) => {
      const tasks = await tasksForClinician(deps.db, userOf(c).userId, c.req.valid('query').status);
      await auditListedPatients(c, deps, tasks.map((t) => t.patient.id), { action: 'care_tasks.read', resource: 'care-tasks', reason: 'via care_team' });
      return c.json({ tasks }, 200);
    },
  );

  app.openapi(
    createRoute({ method: 'post', path: '/v1/care-tasks/{taskId}/complete', tags, middleware: [clinicians], request: { params: TaskParams, ...jsonBody(CompleteTask) }, responses: { 200: jsonContent(CareTask, 'done, with who, when and the note') } }),
    async (c) => {
      const { taskId } = c.req.valid('param');
      const patientId = await taskPatient(deps.db, taskId);
      await guardPatient(c, deps, patientId, 'results', { action: 'care_task.complete', resource: `care-tasks/${taskId}`, write: true });
      return c.json(await completeTask(deps.db, taskId, userOf(c).userId, c.req.valid('json').note, deps.clock.now()), 200);
    },
  );
  return app;
}
