/**
 * The glucose-range rollup queue: a BullMQ repeatable job running refreshGlucoseRanges
 * (glucose-ranges-refresh.ts) every minute. The alerts process starts the worker and the
 * schedule, beside the trend rollup; one job per interval runs whatever the number of processes,
 * and the refresh's advisory lock keeps runs from overlapping.
 */
import { UnrecoverableError } from 'bullmq';
import { z } from 'zod';
import type pg from 'pg';
import type { Clock } from '../../../common/src/clock.ts';
import type { Logger } from '../../../common/src/logger.ts';
import type { QueueFactory } from '../../../common/src/queue.ts';
import { refreshGlucoseRanges, type GlucoseRangesRefresh } from './glucose-ranges-refresh.ts';

export const GLUCOSE_RANGES_QUEUE = 'worklist-glucose-ranges';
const SCHEDULER_ID = 'worklist-glucose-ranges-every';

export const GlucoseRangesJob = z.object({ reason: z.string().max(100).default('schedule') });
export type GlucoseRangesJob = z.input<typeof GlucoseRangesJob>;

export const GLUCOSE_RANGES_DEFAULTS = Object.freeze({ everyMs: 60_000, marginMs: 120_000 });

export interface GlucoseRangesWorkerDeps {
  queues: QueueFactory;
  db: pg.Pool;
  clock: Clock;
  logger: Logger;
}

/** The worker (concurrency 1). A malformed job is unrecoverable; a database error is retried. */
export function createGlucoseRangesWorker(deps: GlucoseRangesWorkerDeps) {
  return deps.queues.worker<GlucoseRangesJob, GlucoseRangesRefresh>(
    GLUCOSE_RANGES_QUEUE,
    async (job) => {
      const data = GlucoseRangesJob.safeParse(job.data);
      if (!data.success) throw new UnrecoverableError(`malformed ${GLUCOSE_RANGES_QUEUE} job: ${data.error.message}`);
      const result = await refreshGlucoseRanges(deps.db, { now: deps.clock.now(), marginMs: GLUCOSE_RANGES_DEFAULTS.marginMs });
      deps.logger.debug({ ...result, reason: data.data.reason }, 'glucose range counts refreshed');
      return result;
    },
    { concurrency: 1 },
  );
}

/** Register (or update) the repeatable refresh; idempotent. */
export async function scheduleGlucoseRanges(queues: QueueFactory, everyMs: number = GLUCOSE_RANGES_DEFAULTS.everyMs): Promise<void> {
  await queues.queue<GlucoseRangesJob>(GLUCOSE_RANGES_QUEUE).upsertJobScheduler(SCHEDULER_ID, { every: everyMs }, { name: 'refresh', data: { reason: 'schedule' }, opts: { removeOnComplete: 100, removeOnFail: 1000 } });
}
