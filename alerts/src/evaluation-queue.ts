import { UnrecoverableError, type Job, type Queue, type Worker } from 'bullmq';
import type pg from 'pg';
import type { Clock } from '../../common/src/clock.ts';
import { ALERT_EVALUATION_QUEUE, AlertEvaluationJob, evaluationJobOptions } from '../../common/src/jobs/alert-evaluation.ts';
import type { Logger } from '../../common/src/logger.ts';
import type { QueueFactory } from '../../common/src/queue.ts';
import { continueOrStartTrace, formatTraceparent, traceLogFields } from '../../common/src/trace-context.ts';
import type { AlertChange } from './alert-change.ts';
import { onStalledTooOften } from './delivery/stalled.ts';
import { evaluatePatient } from './evaluate-patient.ts';
import type { AlertPublisher } from './publisher.ts';
import { loadRecentPoints } from './readings-source.ts';
import { checkReadingRulesReplayed } from './rules/replay.ts';

/**
 * Consumes ALERT_EVALUATION_QUEUE (common/src/jobs/alert-evaluation.ts): ingest enqueues at most
 * one waiting job per patient for live readings and one per patient per batch for late ones. The
 * queue name and job schema are that contract's; this file is the consumer.
 */
export { ALERT_EVALUATION_QUEUE, AlertEvaluationJob };

export interface EvaluationWorkerDeps {
  queues: QueueFactory;
  db: pg.Pool;
  clock: Clock;
  logger: Logger;
  publisher: AlertPublisher;
  concurrency: number;
  onEvaluated?: (changes: readonly AlertChange[]) => void;
}

/** Suffix of the one re-run an evaluation gets after BullMQ gave it up as stalled too often. */
const RERUN_SUFFIX = '-rerun';

/**
 * An evaluation whose worker died under it twice (BullMQ's `maxStalledCount`) is failed without
 * running, and its readings would never be judged: a low could go unalerted. It gets one more run,
 * as a job of its own with the same data; a job that kills its worker again is left failed (on the
 * queue board, where an operator can retry it) rather than crash-loop the service.
 */
export async function rerunStalledEvaluation(queue: Queue<AlertEvaluationJob>, job: Job<AlertEvaluationJob>, logger: Logger): Promise<void> {
  if (job.id?.endsWith(RERUN_SUFFIX)) {
    logger.error({ jobId: job.id, patientId: job.data.patientId }, 'alert evaluation given up: its workers died under it again after its re-run');
    return;
  }
  const priority = job.opts.priority;
  await queue.add(job.name, job.data, { jobId: `${job.id}${RERUN_SUFFIX}`, ...(priority ? { priority } : {}), ...evaluationJobOptions() });
  logger.warn({ jobId: job.id, patientId: job.data.patientId }, 'alert evaluation stalled too often: re-run once');
}

/**
 * The reading-rule worker: loads the patient's recent points for the rules' windows, runs
 * `checkReadingRules` (the candidates of `evaluateReadingRules` plus the clear checks that
 * auto-resolve), and stores the outcome. Safe with concurrent jobs for one patient (row locks and
 * the one-unresolved-alert index) and with redelivery (`repeat` ignores data it has already seen).
 */
export function createEvaluationWorker(deps: EvaluationWorkerDeps): { worker: Worker<AlertEvaluationJob>; close: () => Promise<void> } {
  const { db, clock, logger } = deps;
  const worker = deps.queues.worker<AlertEvaluationJob>(
    ALERT_EVALUATION_QUEUE,
    async (job) => {
      const parsed = AlertEvaluationJob.safeParse(job.data);
      if (!parsed.success) throw new UnrecoverableError('malformed alert evaluation job');
      const { patientId, from } = parsed.data;
      // A coalesced job frees its patient's deduplication id before reading, so readings committed
      // from here on start the next job instead of joining one that has already read (docs/ingest.md,
      // "Alert evaluation jobs"). BullMQ frees it only while it still names this job.
      if (job.deduplicationId) await job.removeDeduplicationKey();
      const now = clock.now();
      // continue the trace of the readings' commit (a new one for jobs without it): docs/api-operations.md#tracing
      const trace = continueOrStartTrace(parsed.data.traceparent);
      const traced = traceLogFields(trace);
      logger.debug({ patientId, ...traced, readingCount: parsed.data.readingCount }, 'evaluating alert rules');
      const changes = await evaluatePatient(deps, patientId, now, async (ctx) => checkReadingRulesReplayed(ctx.rules, await loadRecentPoints(db, patientId, ctx.rules, now, new Date(from)), new Date(from), now), formatTraceparent(trace));
      deps.onEvaluated?.(changes);
      if (changes.length > 0) logger.info({ patientId, ...traced, changes: changes.map((c) => ({ alertId: c.ref.id, kind: c.kind, severity: c.alert.severity })) }, 'alerts changed');
      for (const c of changes) logger.info({ patientId, alertId: c.ref.id, ...traced, severity: c.alert.severity }, `alert ${c.kind}`);
      return { changes: changes.length };
    },
    { concurrency: deps.concurrency },
  );
  onStalledTooOften(worker, logger, (job) => rerunStalledEvaluation(deps.queues.queue<AlertEvaluationJob>(ALERT_EVALUATION_QUEUE), job, logger));
  return { worker, close: () => worker.close() };
}
