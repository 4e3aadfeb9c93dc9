import { UnrecoverableError, type Queue, type Worker } from 'bullmq';
import type pg from 'pg';
import { z } from 'zod';
import type { Clock } from '../../common/src/clock.ts';
import type { Logger } from '../../common/src/logger.ts';
import type { QueueFactory } from '../../common/src/queue.ts';
import { evaluatePatient } from './evaluate-patient.ts';
import type { AlertPublisher } from './publisher.ts';
import { loadScheduledInput } from './readings-source.ts';
import { checkScheduledRules } from './rules/evaluate.ts';
import { MINUTE_MS } from './rules/points.ts';

/**
 * The periodic rules (missed readings, device battery, gateway offline). A BullMQ job scheduler
 * adds a `tick` every MISSED_READINGS_CHECK_MINUTES — once for the whole cluster, however many
 * workers run. The tick fans out one `patient` job per monitored patient, carrying the tick's time:
 * a retried patient job judges the same instant again, so it cannot count twice.
 */
export const SCHEDULED_RULES_QUEUE = 'alert-scheduled-rules';
const SCHEDULER_ID = 'scheduled-rules';

export const ScheduledRulesJob = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('tick') }),
  z.object({ kind: z.literal('patient'), patientId: z.uuid(), at: z.iso.datetime({ offset: true }) }),
]);
export type ScheduledRulesJob = z.infer<typeof ScheduledRulesJob>;

/** Creates or updates the repeating tick (idempotent: every instance may call it at start-up). */
export async function scheduleScheduledRules(queue: Queue<ScheduledRulesJob>, everyMinutes: number): Promise<void> {
  await queue.upsertJobScheduler(SCHEDULER_ID, { every: everyMinutes * MINUTE_MS }, { name: 'tick', data: { kind: 'tick' }, opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } } });
}

/** Adds one tick now, outside the schedule (tests, and an operator who wants a check at once). */
export async function enqueueScheduledTick(queue: Queue<ScheduledRulesJob>): Promise<void> {
  await queue.add('tick', { kind: 'tick' }, { removeOnComplete: { count: 100 } });
}

export interface ScheduledWorkerDeps {
  queues: QueueFactory;
  db: pg.Pool;
  clock: Clock;
  logger: Logger;
  publisher: AlertPublisher;
  everyMinutes: number;
  concurrency: number;
}

/** Patients with a device assigned now: the ones remote monitoring expects readings from. */
async function monitoredPatients(db: pg.Pool, now: Date): Promise<string[]> {
  const { rows } = await db.query<{ patient_id: string }>('SELECT DISTINCT patient_id FROM device_assignments WHERE valid @> $1::timestamptz ORDER BY patient_id', [now]);
  return rows.map((r) => r.patient_id);
}

export function createScheduledWorker(deps: ScheduledWorkerDeps): { worker: Worker<ScheduledRulesJob>; close: () => Promise<void> } {
  const { db, clock, logger } = deps;
  const queue = deps.queues.queue<ScheduledRulesJob>(SCHEDULED_RULES_QUEUE);
  const worker = deps.queues.worker<ScheduledRulesJob>(
    SCHEDULED_RULES_QUEUE,
    async (job) => {
      const parsed = ScheduledRulesJob.safeParse(job.data);
      if (!parsed.success) throw new UnrecoverableError('malformed scheduled-rules job');
      const data = parsed.data;
      if (data.kind === 'tick') {
        const at = clock.now();
        // one slot per period: a tick run twice in the same period fans out the same job ids
        const slot = Math.floor(at.getTime() / (deps.everyMinutes * MINUTE_MS));
        const patients = await monitoredPatients(db, at);
        await queue.addBulk(
          patients.map((patientId) => ({
            name: 'patient',
            data: { kind: 'patient' as const, patientId, at: at.toISOString() },
            opts: { jobId: `sched-${patientId}-${slot}`, attempts: 3, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: { age: 3600 }, removeOnFail: { age: 86_400 } },
          })),
        );
        logger.info({ patients: patients.length }, 'scheduled rules tick');
        return { patients: patients.length };
      }
      const at = new Date(data.at);
      const changes = await evaluatePatient(deps, data.patientId, at, async (ctx) => checkScheduledRules(ctx.rules, await loadScheduledInput(db, data.patientId, at), at));
      return { changes: changes.length };
    },
    { concurrency: deps.concurrency },
  );
  return { worker, close: () => worker.close() };
}
