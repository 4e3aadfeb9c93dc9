/**
 * Scheduling upkeep as two BullMQ repeatable jobs on one queue: `generate-slots` (hourly) keeps the
 * next weeks of slots materialised from the templates; `waitlist-and-reminders` (every minute)
 * passes expired waitlist offers to the next patient and repairs missing reminder jobs. Each step
 * is idempotent and safe to run concurrently, so any number of processes may run the worker.
 */
import { UnrecoverableError, type Job } from 'bullmq';
import type pg from 'pg';
import type { Clock } from '../../../common/src/clock.ts';
import type { Logger } from '../../../common/src/logger.ts';
import type { QueueFactory } from '../../../common/src/queue.ts';
import { SCHEDULING_DEFAULTS } from './defaults.ts';
import { ensureUpcomingReminders, type ReminderScheduler } from './reminder-queue.ts';
import { generateSlots } from './slot-generation.ts';
import { expireWaitlistOffers } from './waitlist.ts';

export const SCHEDULING_MAINTENANCE_QUEUE = 'scheduling-maintenance';

export interface SchedulingMaintenanceDeps {
  queues: QueueFactory;
  db: pg.Pool;
  clock: Clock;
  logger: Logger;
  /** Where missing reminder jobs are scheduled (queueReminderScheduler on the reminder queue). */
  reminders: ReminderScheduler;
  weeksAhead?: number;
  offerHoldMinutes?: number;
}

type Task = 'generate-slots' | 'waitlist-and-reminders';

/** What each job name does; an unknown name is a permanent failure. */
function tasks(deps: SchedulingMaintenanceDeps): Record<Task, (now: Date) => Promise<unknown>> {
  const booking = { db: deps.db, offerHoldMinutes: deps.offerHoldMinutes ?? SCHEDULING_DEFAULTS.offerHoldMinutes };
  return {
    'generate-slots': (now) => generateSlots(deps.db, { now, weeks: deps.weeksAhead ?? SCHEDULING_DEFAULTS.weeksAhead }),
    'waitlist-and-reminders': async (now) => ({ ...(await expireWaitlistOffers(booking, now)), reminders: await ensureUpcomingReminders(deps.db, deps.reminders, now) }),
  };
}

/** The worker; concurrency 1 per process is plenty for work this small. */
export function createSchedulingMaintenanceWorker(deps: SchedulingMaintenanceDeps) {
  const run = tasks(deps);
  return deps.queues.worker<Record<string, never>, unknown>(
    SCHEDULING_MAINTENANCE_QUEUE,
    async (job: Job) => {
      const task = run[job.name as Task];
      if (!task) throw new UnrecoverableError(`unknown ${SCHEDULING_MAINTENANCE_QUEUE} job ${job.name}`);
      const result = await task(deps.clock.now());
      deps.logger.info({ job: job.name, result }, 'scheduling maintenance');
      return result;
    },
    { concurrency: 1 },
  );
}

/**
 * Register (or update) the repeatable jobs. Idempotent: every process may call it at start; there
 * is one schedule whatever the number of callers.
 */
export async function scheduleSchedulingMaintenance(queues: QueueFactory, every: { slotsMs?: number; waitlistMs?: number } = {}): Promise<void> {
  const queue = queues.queue<Record<string, never>>(SCHEDULING_MAINTENANCE_QUEUE);
  const opts = { removeOnComplete: 100, removeOnFail: 1000 };
  await queue.upsertJobScheduler('generate-slots-every', { every: every.slotsMs ?? 3_600_000 }, { name: 'generate-slots', data: {}, opts });
  await queue.upsertJobScheduler('waitlist-and-reminders-every', { every: every.waitlistMs ?? 60_000 }, { name: 'waitlist-and-reminders', data: {}, opts });
}
