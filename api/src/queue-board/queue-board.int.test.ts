import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQueueFactory, type QueueFactory, type QueueStore } from '../../../common/src/queue.ts';
import { seedDemo } from '../../../db/src/seed.ts';
import { apiHarness, type Harness } from '../../../test/support/api-harness.ts';
import { useTestDb } from '../../../test/support/db-fixture.ts';
import { REDIS_URL } from '../../../test/support/services.ts';
import { createApp } from '../app.ts';
import { createQueueBoardSource } from './source.ts';
import { SYSTEM_QUEUES } from './system-queues.ts';
import { FILLED_QUEUE, fillQueue, JOB_SECRET } from './testing/fill-queue.ts';

const db = useTestDb();
const ADMIN = 'admin@demo.vitals';
const BASE = '/v1/admin/queues';
const QUEUE = FILLED_QUEUE;

beforeAll(async () => {
  await seedDemo(db().pool);
});

interface Listed {
  id: string;
  state: string;
  attemptsMade: number;
  failedReason: string | null;
}
interface Board {
  backend: string | null;
  queues: Array<{ name: string; paused: boolean; counts: Record<string, number> }>;
}

const STORES: Array<[string, () => QueueStore]> = [
  ['Redis', () => ({ kind: 'redis', url: REDIS_URL })],
  ['the PostgreSQL backend', () => ({ kind: 'postgres', url: db().url })],
];

describe.each(STORES)('queue board on %s', (_name, store) => {
  let queues: QueueFactory;
  let h: Harness;
  /** Audit entries before this store's tests: the two stores share one database. */
  let auditFrom = 0;
  const audited = async (where: string, params: unknown[] = []) =>
    (await db().pool.query<{ action: string; actor_role: string; resource: string }>(`SELECT action, actor_role, resource FROM audit_log WHERE seq > $1 AND ${where} ORDER BY seq`, [auditFrom, ...params])).rows;
  const get = async <T>(path: string) => {
    const r = await h.request(path, { as: ADMIN });
    expect(r.status, await r.clone().text()).toBe(200);
    return (await r.json()) as T;
  };
  const list = (state: string) => get<{ total: number; jobs: Listed[] }>(`${BASE}/${QUEUE}/jobs?state=${state}`);

  beforeAll(async () => {
    queues = createQueueFactory(store(), { prefix: `qb${randomBytes(4).toString('hex')}` });
    h = apiHarness(db().pool, { buildApp: (deps) => createApp({ ...deps, queues: createQueueBoardSource(queues) }) });
    await fillQueue(queues);
    auditFrom = Number((await db().pool.query('SELECT coalesce(max(seq), 0) AS n FROM audit_log')).rows[0].n);
  }, 60_000);
  afterAll(async () => {
    await queues?.close();
  });

  it('shows every queue of the system with its counts per state', async () => {
    const board = await get<Board>(BASE);
    expect(board.backend).toBe(store().kind);
    expect(board.queues.map((q) => q.name)).toEqual(SYSTEM_QUEUES);
    const webhook = board.queues.find((q) => q.name === QUEUE)!;
    expect(webhook).toMatchObject({ paused: false, counts: { waiting: 2, delayed: 1, failed: 2, completed: 1, active: 0 } });
    expect(board.queues.find((q) => q.name === 'alert-evaluation')!.counts.waiting).toBe(0);
  });

  it('lists the jobs of a state with ids and timings, never their data', async () => {
    const failed = await list('failed');
    expect(failed.total).toBe(2);
    expect(failed.jobs.map((j) => j.id).sort()).toEqual(['bad-1', 'bad-2']);
    expect(failed.jobs[0]).toMatchObject({ state: 'failed', attemptsMade: 1, maxAttempts: 1 });
    expect(failed.jobs[0]!.failedReason).toMatch(/^550 mailbox <\[address\]> refused bad-/);
    expect((await list('waiting')).jobs.map((j) => j.id).sort()).toEqual(['wait-1', 'wait-2']);
    expect((await list('completed')).jobs.map((j) => j.id)).toEqual(['good-1']);
    const delayed = await get<{ jobs: Array<{ id: string; runAt: string | null }> }>(`${BASE}/${QUEUE}/jobs?state=delayed`);
    expect(delayed.jobs).toEqual([expect.objectContaining({ id: 'later-1', runAt: expect.any(String) })]);
    const page = await get<{ jobs: Listed[] }>(`${BASE}/${QUEUE}/jobs?state=failed&start=1&limit=1`);
    expect(page.jobs).toHaveLength(1);
    const all = await Promise.all(['failed', 'waiting', 'completed', 'delayed'].map((s) => h.request(`${BASE}/${QUEUE}/jobs?state=${s}`, { as: ADMIN }).then((r) => r.text())));
    for (const text of all) {
      expect(text).not.toContain(JOB_SECRET);
      expect(text).not.toContain('Maria');
      expect(text).not.toContain('maria.garcia');
    }
  });

  it('retries a failed job (and only a failed one), and audits it', async () => {
    const r = await h.request(`${BASE}/${QUEUE}/jobs/bad-1/retry`, { method: 'POST', as: ADMIN });
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ id: 'bad-1', state: 'waiting', attemptsMade: 0 });
    expect((await list('failed')).jobs.map((j) => j.id)).toEqual(['bad-2']);
    expect((await list('waiting')).jobs.map((j) => j.id)).toContain('bad-1');

    const again = await h.request(`${BASE}/${QUEUE}/jobs/wait-1/retry`, { method: 'POST', as: ADMIN });
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toBe('application/problem+json');
    expect((await h.request(`${BASE}/${QUEUE}/jobs/no-such-job/retry`, { method: 'POST', as: ADMIN })).status).toBe(404);
    expect((await h.request(`${BASE}/no-such-queue/jobs/bad-2/retry`, { method: 'POST', as: ADMIN })).status).toBe(404);

    expect(await audited(`action = 'queue_jobs.retry'`)).toEqual([expect.objectContaining({ actor_role: 'admin', resource: `queue/${QUEUE}/job/bad-1` })]);
  });

  it('removes a job, and audits it', async () => {
    const r = await h.request(`${BASE}/${QUEUE}/jobs/wait-2`, { method: 'DELETE', as: ADMIN });
    expect(r.status).toBe(204);
    expect(await queues.queue(QUEUE).getJob('wait-2')).toBeUndefined();
    expect((await list('waiting')).jobs.map((j) => j.id)).not.toContain('wait-2');
    expect((await h.request(`${BASE}/${QUEUE}/jobs/wait-2`, { method: 'DELETE', as: ADMIN })).status).toBe(404);
    expect(await audited(`action = 'queue_jobs.remove' AND resource = $2`, [`queue/${QUEUE}/job/wait-2`])).toHaveLength(1);
  });

  it('pauses and resumes a queue', async () => {
    const paused = await h.request(`${BASE}/${QUEUE}/pause`, { method: 'POST', as: ADMIN });
    // the waiting jobs are still counted (and listed) as waiting while the queue is paused
    expect(await paused.json()).toMatchObject({ name: QUEUE, paused: true, counts: { waiting: 2 } });
    expect((await list('waiting')).total).toBe(2);
    expect(await queues.queue(QUEUE).isPaused()).toBe(true);
    const resumed = await h.request(`${BASE}/${QUEUE}/resume`, { method: 'POST', as: ADMIN });
    expect(await resumed.json()).toMatchObject({ name: QUEUE, paused: false });
    expect((await audited(`action LIKE 'queues.%'`)).map((x) => x.action)).toEqual(['queues.pause', 'queues.resume']);
  });

  it('answers only admins: 401 problem+json anonymously, 403 to clinicians and patients', async () => {
    const calls: Array<[string, string]> = [
      ['GET', BASE],
      ['GET', `${BASE}/${QUEUE}/jobs?state=failed`],
      ['POST', `${BASE}/${QUEUE}/jobs/bad-2/retry`],
      ['DELETE', `${BASE}/${QUEUE}/jobs/bad-2`],
      ['POST', `${BASE}/${QUEUE}/pause`],
    ];
    for (const [method, path] of calls) {
      for (const [as, status] of [[undefined, 401], ['nurse.patel@demo.vitals', 403], ['maria@demo.vitals', 403]] as const) {
        const r = await h.request(path, { method, ...(as ? { as } : {}) });
        expect(r.status, `${method} ${path} as ${as ?? 'anonymous'}`).toBe(status);
        expect(r.headers.get('content-type')).toBe('application/problem+json');
      }
    }
    expect((await list('failed')).jobs.map((j) => j.id)).toEqual(['bad-2']);
    expect(await queues.queue(QUEUE).isPaused()).toBe(false);
  });
});

describe('queue board without a queue store', () => {
  it('is empty, and every queue is unknown', async () => {
    const h = apiHarness(db().pool);
    const r = await h.request(BASE, { as: ADMIN });
    expect(await r.json()).toEqual({ backend: null, queues: [] });
    expect((await h.request(`${BASE}/${QUEUE}/jobs`, { as: ADMIN })).status).toBe(404);
  });

  it('refuses a state it does not know with 400', async () => {
    const h = apiHarness(db().pool);
    const r = await h.request(`${BASE}/${QUEUE}/jobs?state=stuck`, { as: ADMIN });
    expect(r.status).toBe(400);
  });
});
