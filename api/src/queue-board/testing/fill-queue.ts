import type { QueueFactory } from '../../../../common/src/queue.ts';

/** A real queue of the system, worked in tests by a test processor. */
export const FILLED_QUEUE = 'webhook-delivery';
/** What the filled jobs carry that must never reach the board. */
export const JOB_SECRET = 'glucose 312 for Maria Garcia';

async function until(check: () => Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Jobs in every interesting state on FILLED_QUEUE: `bad-1` and `bad-2` failed (their error quotes
 * an email address) and `good-1` completed, run by a worker that is then closed; `wait-1` and
 * `wait-2` waiting and `later-1` delayed by an hour, added after it closed so they stay.
 */
export async function fillQueue(queues: QueueFactory): Promise<void> {
  const q = queues.queue<{ fail: boolean; note: string }>(FILLED_QUEUE);
  const worker = queues.worker<{ fail: boolean; note: string }>(FILLED_QUEUE, async (job) => {
    if (job.data.fail) throw new Error(`550 mailbox <maria.garcia@example.org> refused ${job.id}`);
    return 'ok';
  });
  await q.add('deliver', { fail: true, note: JOB_SECRET }, { jobId: 'bad-1' });
  await q.add('deliver', { fail: true, note: JOB_SECRET }, { jobId: 'bad-2' });
  await q.add('deliver', { fail: false, note: JOB_SECRET }, { jobId: 'good-1' });
  await until(async () => {
    const c = await q.getJobCounts('failed', 'completed');
    return c.failed === 2 && c.completed === 1;
  }, 'the worker to finish');
  await worker.close();
  await q.add('deliver', { fail: false, note: JOB_SECRET }, { jobId: 'wait-1' });
  await q.add('deliver', { fail: false, note: JOB_SECRET }, { jobId: 'wait-2' });
  await q.add('deliver', { fail: false, note: JOB_SECRET }, { jobId: 'later-1', delay: 3_600_000 });
}
