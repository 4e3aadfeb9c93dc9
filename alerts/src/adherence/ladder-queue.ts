/**
 * The adherence-ladder queue: a BullMQ job scheduler adds a `tick` every few minutes (once for the
 * cluster). A tick reads every running enrolment in one query, decides each with the pure
 * `decideLadder` (ladder.ts), and for the few that have something to do — a step due, or a run
 * ended by a reading — records it in one transaction per enrolment under an advisory lock, so a
 * retried or concurrent tick never performs a step twice. Emails go to the email queue after the
 * commit; a crash in between leaves outbox rows the scheduled sweep picks up.
 */
import { UnrecoverableError, type Queue, type Worker } from 'bullmq';
import type pg from 'pg';
import { z } from 'zod';
import type { Clock } from '../../../common/src/clock.ts';
import type { Logger } from '../../../common/src/logger.ts';
import type { QueueFactory } from '../../../common/src/queue.ts';
import { enqueueEmails, type EmailJob } from '../delivery/email-queue.ts';
import { inTransaction } from '../store/transaction.ts';
import { decideLadder, LadderConfigError, validateLadder, type LadderStep } from './ladder.ts';
import { auditCancelled, performStep } from './ladder-actions.ts';
import { cancelRun, loadLadderCandidates, lockActiveRun, openRun, recordFired, type LadderCandidate } from './ladder-repo.ts';

export const ADHERENCE_LADDER_QUEUE = 'adherence-ladder';
const SCHEDULER_ID = 'adherence-ladder-every';

export const LadderJob = z.object({ kind: z.literal('tick') });
export type LadderJob = z.infer<typeof LadderJob>;

export interface LadderWorkerDeps {
  queues: QueueFactory;
  db: pg.Pool;
  clock: Clock;
  logger: Logger;
  /** Where the ladder's emails go; null when the service sends no email. */
  emailQueue: Queue<EmailJob> | null;
}

export interface TickResult {
  enrolments: number;
  stepsFired: number;
  runsCancelled: number;
  failed: number;
}

/** Creates or updates the repeating tick (idempotent: every instance may call it at start-up). */
export async function scheduleLadder(queue: Queue<LadderJob>, everyMinutes: number): Promise<void> {
  await queue.upsertJobScheduler(SCHEDULER_ID, { every: everyMinutes * 60_000 }, { name: 'tick', data: { kind: 'tick' }, opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } } });
}

/** One tick now, outside the schedule (tests, or an operator). */
export async function enqueueLadderTick(queue: Queue<LadderJob>): Promise<void> {
  await queue.add('tick', { kind: 'tick' }, { removeOnComplete: { count: 100 } });
}

/** Decide and record one enrolment; returns what it did. */
async function advance(deps: LadderWorkerDeps, c: LadderCandidate, steps: LadderStep[], now: Date, requestId: string): Promise<{ fired: number; cancelled: boolean; emails: string[] }> {
  const obs = { lastReadingAt: c.lastReadingAt?.getTime() ?? null, enrolledAt: c.enrolledAt.getTime(), now: now.getTime() };
  // decided first on the bulk read, so that only enrolments with something to do take a transaction
  const outside = decideLadder(c.run, obs, steps);
  if (!outside.cancel && !outside.due.length) return { fired: 0, cancelled: false, emails: [] };
  return inTransaction(deps.db, async (tx) => {
    const run = await lockActiveRun(tx, c.enrolmentId);
    const d = decideLadder(run, obs, steps);
    const common = { candidate: c, now, clock: deps.clock, requestId };
    if (d.cancel && run) {
      await cancelRun(tx, run.id, now);
      await auditCancelled(tx, { ...common, stepsDone: run.fired.length, lastReadingAt: c.lastReadingAt });
    }
    const emails: string[] = [];
    if (d.due.length && d.gapSince !== null) {
      const gapSince = new Date(d.gapSince);
      const runId = run && !d.cancel ? run.id : await openRun(tx, c, gapSince, now);
      for (const step of d.due) {
        emails.push(...(await performStep(tx, { ...common, runId, gapSince }, step)));
        await recordFired(tx, runId, { step: step.step, action: step.action, at: now.toISOString() }, now);
      }
    }
    return { fired: d.due.length, cancelled: d.cancel && run !== null, emails };
  });
}

/**
 * One pass over every running enrolment. An enrolment that fails (a database error) does not stop
 * the others; the tick then throws, so BullMQ retries it — harmless, as every step is recorded once.
 */
export async function runLadderTick(deps: LadderWorkerDeps, now: Date, requestId: string): Promise<TickResult> {
  const candidates = await loadLadderCandidates(deps.db, now);
  const result: TickResult = { enrolments: candidates.length, stepsFired: 0, runsCancelled: 0, failed: 0 };
  const errors: unknown[] = [];
  for (const c of candidates) {
    let steps: LadderStep[];
    try {
      steps = validateLadder(c.steps);
    } catch (err) {
      if (!(err instanceof LadderConfigError)) throw err;
      deps.logger.error({ enrolmentId: c.enrolmentId, err: err.message }, 'adherence ladder misconfigured; enrolment skipped');
      continue;
    }
    try {
      const done = await advance(deps, c, steps, now, requestId);
      result.stepsFired += done.fired;
      result.runsCancelled += done.cancelled ? 1 : 0;
      if (deps.emailQueue) await enqueueEmails(deps.emailQueue, done.emails);
    } catch (err) {
      result.failed++;
      errors.push(err);
      deps.logger.warn({ enrolmentId: c.enrolmentId, err: (err as Error).message }, 'adherence ladder step not recorded');
    }
  }
  if (errors.length) throw new AggregateError(errors, `adherence ladder: ${errors.length} enrolment(s) failed; first: ${(errors[0] as Error).message}`);
  return result;
}

/** The ladder worker (concurrency 1: a tick covers every enrolment). */
export function createLadderWorker(deps: LadderWorkerDeps): { worker: Worker<LadderJob, TickResult>; close: () => Promise<void> } {
  const worker = deps.queues.worker<LadderJob, TickResult>(
    ADHERENCE_LADDER_QUEUE,
    async (job) => {
      if (!LadderJob.safeParse(job.data).success) throw new UnrecoverableError('malformed adherence-ladder job');
      const result = await runLadderTick(deps, deps.clock.now(), `adherence-ladder:${job.id ?? 'tick'}`);
      deps.logger.info(result, 'adherence ladder tick');
      return result;
    },
    { concurrency: 1 },
  );
  return { worker, close: () => worker.close() };
}
