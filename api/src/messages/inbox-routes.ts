import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type pg from 'pg';
import type { Clock } from '../../../common/src/clock.ts';
import { ForbiddenError } from '../../../common/src/errors/index.ts';
import { auditListedPatients } from '../audit/audit-listing.ts';
import { requireUser, userOf } from '../auth/require.ts';
import type { AppEnv } from '../http/env.ts';
import { jsonBody, jsonContent } from '../http/openapi-content.ts';
import { createRouter } from '../http/openapi-app.ts';
import { listInbox, setAssignee, setStatus } from './inbox-repo.ts';
import { responseTimeMetrics } from './metrics-repo.ts';
import { guardThread, requirePoolMember, type ThreadRow } from './policy.ts';
import { AssignBody, InboxQuery, InboxThread, Metrics, MetricsQuery, StatusBody, Thread, ThreadParams } from './schemas.ts';
import { threadView } from './thread-repo.ts';

const staff = requireUser({ roles: ['clinician', 'admin'] });
const tags = ['messages'];
const DAY_MS = 86_400_000;

/**
 * The staff side of messaging: the inbox of the pools one answers, claiming and assigning threads,
 * their status, and the clinic's response-time figures.
 */
export function inboxRoutes(deps: { db: pg.Pool; clock: Clock }) {
  const app = createRouter();

  app.openapi(
    createRoute({ method: 'get', path: '/v1/messages/inbox', tags, middleware: [staff], request: { query: InboxQuery }, responses: { 200: jsonContent(z.object({ threads: z.array(InboxThread) }), 'conversations of the pools you answer') } }),
    async (c) => {
      const threads = await listInbox(deps.db, userOf(c).userId, c.req.valid('query'));
      await auditListedPatients(c, deps, threads.map((t) => t.patientId), { action: 'messages.inbox.read', resource: 'message-threads', reason: 'via message pool' });
      return c.json({ threads }, 200);
    },
  );

  const threadAction = (path: string, description: string) =>
    createRoute({ method: 'post', path, tags, middleware: [staff], request: { params: ThreadParams }, responses: { 200: jsonContent(Thread, description) } });
  const threadActionWith = <B extends z.ZodType>(path: string, body: B, description: string) =>
    createRoute({ method: 'post', path, tags, middleware: [staff], request: { params: ThreadParams, ...jsonBody(body) }, responses: { 200: jsonContent(Thread, description) } });

  /** Check the caller answers the thread's pool, make the change, return the thread as it now is. */
  const staffAction = async (c: Context<AppEnv>, threadId: string, action: string, what: string, change: (thread: ThreadRow, me: string, now: Date) => Promise<void>) => {
    const access = await guardThread(c, deps, threadId, { action, write: true });
    requirePoolMember(access, what);
    const me = userOf(c).userId;
    await change(access.thread, me, deps.clock.now());
    return threadView(deps.db, threadId, me);
  };

  app.openapi(threadAction('/v1/message-threads/{threadId}/claim', 'assigned to you'), async (c) =>
    c.json(await staffAction(c, c.req.valid('param').threadId, 'messages.thread.claim', 'claim it', (t, me, now) => setAssignee(deps.db, t, me, me, 'claim', now)), 200),
  );
  app.openapi(threadActionWith('/v1/message-threads/{threadId}/assign', AssignBody, 'assigned (or unassigned)'), async (c) => {
    const { assigneeId } = c.req.valid('json');
    return c.json(await staffAction(c, c.req.valid('param').threadId, 'messages.thread.assign', 'assign it', (t, me, now) => setAssignee(deps.db, t, me, assigneeId, 'assign', now)), 200);
  });
  app.openapi(threadActionWith('/v1/message-threads/{threadId}/status', StatusBody, 'status changed'), async (c) => {
    const { status } = c.req.valid('json');
    return c.json(await staffAction(c, c.req.valid('param').threadId, 'messages.thread.status', 'change its status', (t, me, now) => setStatus(deps.db, t, me, status, now)), 200);
  });

  app.openapi(
    createRoute({ method: 'get', path: '/v1/messages/metrics', tags, middleware: [staff], request: { query: MetricsQuery }, responses: { 200: jsonContent(Metrics, 'time to first staff reply per pool (default: the last 30 days)') } }),
    async (c) => {
      const user = userOf(c);
      if (!user.clinicId) throw new ForbiddenError('your account belongs to no clinic');
      const q = c.req.valid('query');
      const to = q.to ? new Date(q.to) : deps.clock.now();
      const from = q.from ? new Date(q.from) : new Date(to.getTime() - 30 * DAY_MS);
      return c.json({ from: from.toISOString(), to: to.toISOString(), pools: await responseTimeMetrics(deps.db, user.clinicId, from, to) }, 200);
    },
  );
  return app;
}
