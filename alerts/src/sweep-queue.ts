/**
 * The outbox sweep as a queue of its own: a BullMQ job scheduler runs `sweepUndelivered` every
 * OUTBOX_SWEEP_SECONDS (once for the cluster, however many alerts processes run), and every process
 * adds one run at start-up, when a crash it restarts from is most likely to have left rows behind.
 * It used to ride on the 15-minute scheduled-rules tick, so a notification or escalation orphaned by
 * a crash between commit and enqueue waited up to a quarter of an hour (found by the worker-kill test).
 */
import { UnrecoverableError } from 'bullmq';
import { z } from 'zod';
import type { Clock } from '../../common/src/clock.ts';
import type { Logger } from '../../common/src/logger.ts';
import type { QueueFactory } from '../../common/src/queue.ts';
import { sweepUndelivered, type SweepDeps } from './sweep.ts';

export const OUTBOX_SWEEP_QUEUE = 'alert-outbox-sweep';
const SCHEDULER_ID = 'alert-outbox-sweep-every';

export const OutboxSweepJob = z.object({ reason: z.enum(['schedule', 'start']) });
export type OutboxSweepJob = z.infer<typeof OutboxSweepJob>;

export interface OutboxSweepWorkerDeps {
  queues: QueueFactory;
  clock: Clock;
  logger: Logger;
  sweep: SweepDeps;
  /** Rows younger than this are left to the worker that wrote them. */
  graceMs: number;
}

/** The worker (concurrency 1: two sweeps at once would only enqueue the same job ids twice). */
export function createOutboxSweepWorker(deps: OutboxSweepWorkerDeps) {
  return deps.queues.worker<OutboxSweepJob>(
    OUTBOX_SWEEP_QUEUE,
    async (job) => {
      const data = OutboxSweepJob.safeParse(job.data);
      if (!data.success) throw new UnrecoverableError(`malformed ${OUTBOX_SWEEP_QUEUE} job`);
      const swept = await sweepUndelivered(deps.sweep, deps.clock.now(), deps.graceMs);
      const level = swept.emails + swept.webhooks + swept.escalations > 0 ? 'info' : 'debug';
      deps.logger[level]({ ...swept, reason: data.data.reason }, 'outbox swept');
      return swept;
    },
    { concurrency: 1 },
  );
}

/** Registers (or updates) the repeating sweep and adds one run now; idempotent apart from that run. */
export async function scheduleOutboxSweep(queues: QueueFactory, everyMs: number): Promise<void> {
  const queue = queues.queue<OutboxSweepJob>(OUTBOX_SWEEP_QUEUE);
  const opts = { removeOnComplete: 100, removeOnFail: 1000 };
  await queue.upsertJobScheduler(SCHEDULER_ID, { every: everyMs }, { name: 'sweep', data: { reason: 'schedule' }, opts });
  await queue.add('sweep', { reason: 'start' }, opts);
}
