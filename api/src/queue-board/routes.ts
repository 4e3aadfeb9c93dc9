import { createRoute } from '@hono/zod-openapi';
import type pg from 'pg';
import type { Clock } from '../../../common/src/clock.ts';
import { auditRequest } from '../audit/audit-request.ts';
import { requireUser } from '../auth/require.ts';
import { jsonContent } from '../http/openapi-content.ts';
import { createRouter } from '../http/openapi-app.ts';
import { queueBoard } from './board.ts';
import { JobListQuery, JobPage, JobParams, JobSummary, QueueBoard, QueueParams, QueueSummary } from './schemas.ts';
import type { QueueBoardSource } from './source.ts';

const admin = requireUser({ roles: ['admin'] });
const tags = ['operations'];
const BASE = '/v1/admin/queues';

/**
 * The operators' queue board: counts per state for every BullMQ queue, one state's jobs (ids and
 * timings, never job data), and the few repairs an operator needs (retry a failed job, remove a
 * job, pause and resume a queue). Admins only; every change is audited. See docs/api-operations.md.
 */
export function queueBoardRoutes(deps: { db: pg.Pool; clock: Clock; queues: QueueBoardSource | null }) {
  const app = createRouter();
  const board = queueBoard(deps.queues);

  app.openapi(
    createRoute({ method: 'get', path: BASE, tags, summary: 'Every queue with its job counts per state', middleware: [admin] as const, responses: { 200: jsonContent(QueueBoard, 'the queues, in a fixed order') } }),
    async (c) => c.json(await board.overview(), 200),
  );

  app.openapi(
    createRoute({ method: 'get', path: `${BASE}/{queue}/jobs`, tags, summary: 'A page of the jobs in one state, newest first', middleware: [admin] as const, request: { params: QueueParams, query: JobListQuery }, responses: { 200: jsonContent(JobPage, 'the jobs') } }),
    async (c) => c.json(await board.jobs(c.req.valid('param').queue, c.req.valid('query')), 200),
  );

  app.openapi(
    createRoute({ method: 'post', path: `${BASE}/{queue}/jobs/{jobId}/retry`, tags, summary: 'Run a failed job again', middleware: [admin] as const, request: { params: JobParams }, responses: { 200: jsonContent(JobSummary, 'the job, waiting again') } }),
    async (c) => {
      const { queue, jobId } = c.req.valid('param');
      const job = await board.retry(queue, jobId);
      await auditRequest(c, deps, { action: 'queue_jobs.retry', resource: `queue/${queue}/job/${jobId}` });
      return c.json(job, 200);
    },
  );

  app.openapi(
    createRoute({ method: 'delete', path: `${BASE}/{queue}/jobs/{jobId}`, tags, summary: 'Remove a job that is not running', middleware: [admin] as const, request: { params: JobParams }, responses: { 204: { description: 'removed' } } }),
    async (c) => {
      const { queue, jobId } = c.req.valid('param');
      await board.remove(queue, jobId);
      await auditRequest(c, deps, { action: 'queue_jobs.remove', resource: `queue/${queue}/job/${jobId}` });
      return c.body(null, 204);
    },
  );

  for (const action of ['pause', 'resume'] as const) {
    app.openapi(
      createRoute({ method: 'post', path: `${BASE}/{queue}/${action}`, tags, summary: action === 'pause' ? 'Stop workers taking new jobs from a queue' : 'Let workers take jobs again', middleware: [admin] as const, request: { params: QueueParams }, responses: { 200: jsonContent(QueueSummary, 'the queue') } }),
      async (c) => {
        const { queue } = c.req.valid('param');
        const summary = await board.setPaused(queue, action === 'pause');
        await auditRequest(c, deps, { action: `queues.${action}`, resource: `queue/${queue}` });
        return c.json(summary, 200);
      },
    );
  }
  return app;
}
