import type { Job, Worker } from 'bullmq';
import type { Logger } from '../../../common/src/logger.ts';

/**
 * BullMQ's reason when it fails a job found stalled more than `maxStalledCount` times (a worker
 * died under it again and again). Such a job never reaches the processor.
 */
export const STALLED_TOO_OFTEN = 'job stalled more than allowable limit';

/**
 * Calls `giveUp` for every job of `worker` that BullMQ failed for stalling too often. Without it
 * the outbox row of such a job stays pending for good (issue #11): its job id is taken by the failed
 * job, so the sweep's re-enqueue adds nothing, and nobody sees it was given up.
 */
export function onStalledTooOften<D>(worker: Worker<D>, logger: Logger, giveUp: (job: Job<D>) => Promise<void>): void {
  worker.on('failed', (job, err) => {
    if (!job || err.message !== STALLED_TOO_OFTEN) return;
    giveUp(job).catch((e: unknown) => logger.error({ jobId: job.id, err: (e as Error).message }, 'a job given up as stalled was not recorded'));
  });
}
