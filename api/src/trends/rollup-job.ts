/**
 * The trend rollup queue: a BullMQ repeatable job that keeps `readings_hourly` (plain PostgreSQL)
 * and `readings_daily` (both paths) current; see rollup-refresh.ts for what one run does. The
 * ingest and alerts processes start the worker and the schedule; the job scheduler makes one job
 * per interval whichever process runs it, and an advisory lock keeps runs from overlapping.
 */
import { UnrecoverableError, type Job } from 'bullmq';
import type pg from 'pg';
import { z } from 'zod';
import type { Clock } from '../../../common/src/clock.ts';
import type { Logger } from '../../../common/src/logger.ts';
import type { QueueFactory } from '../../../common/src/queue.ts';
import { refreshRollups, type RefreshResult } from './rollup-refresh.ts';

export const TREND_ROLLUP_QUEUE = 'trend-rollup';
const SCHEDULER_ID = 'trend-rollup-every';

export const TrendRollupJob = z.object({
  /** Why the run was asked for (the schedule, or an operator); for the logs only. */
  reason: z.string().max(100).default('schedule'),
});
export type TrendRollupJob = z.input<typeof TrendRollupJob>;

export const ROLLUP_DEFAULTS = Object.freeze({
  /** How often the schedule runs the refresh. Between runs, queries read new data raw. */
  everyMs: 60_000,
  /** See RefreshOptions.marginMs. */
  marginMs: 120_000,
});

export interface RollupWorkerDeps {
  queues: QueueFactory;
  db: pg.Pool;
  clock: Clock;
  logger: Logger;
  marginMs?: number;
}

/**
 * The worker that runs the refresh. Concurrency 1: runs are serialised by a lock anyway.
 * A malformed job is unrecoverable; a database error is thrown so BullMQ's backoff applies.
 */
export function createRollupWorker(deps: RollupWorkerDeps) {
  const marginMs = deps.marginMs ?? ROLLUP_DEFAULTS.marginMs;
  return deps.queues.worker<TrendRollupJob, RefreshResult>(
    TREND_ROLLUP_QUEUE,
    async (job: Job<TrendRollupJob>) => {
      const data = TrendRollupJob.safeParse(job.data);
      if (!data.success) throw new UnrecoverableError(`malformed ${TREND_ROLLUP_QUEUE} job: ${data.error.message}`);
      const started = performance.now();
      const result = await refreshRollups(deps.db, { now: deps.clock.now(), marginMs });
      deps.logger.info({ ...result, reason: data.data.reason, ms: Math.round(performance.now() - started) }, 'trend rollups refreshed');
      return result;
    },
    { concurrency: 1 },
  );
}

/**
 * Register (or update) the repeatable refresh. Idempotent: every process may call it at start;
 * there is one scheduler whatever the number of callers.
 */
export async function scheduleRollup(queues: QueueFactory, opts: { everyMs?: number } = {}): Promise<void> {
  const every = opts.everyMs ?? ROLLUP_DEFAULTS.everyMs;
  await queues.queue<TrendRollupJob>(TREND_ROLLUP_QUEUE).upsertJobScheduler(SCHEDULER_ID, { every }, { name: 'refresh', data: { reason: 'schedule' }, opts: { removeOnComplete: 100, removeOnFail: 1000 } });
}

/** Ask for a refresh now (e.g. after a bulk import), besides the schedule. */
export async function enqueueRollup(queues: QueueFactory, reason: string): Promise<void> {
  await queues.queue<TrendRollupJob>(TREND_ROLLUP_QUEUE).add('refresh', { reason }, { removeOnComplete: 100, removeOnFail: 1000 });
}
