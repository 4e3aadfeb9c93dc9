import { UnrecoverableError, type Worker } from 'bullmq';
import type pg from 'pg';
import type { Clock } from '../../common/src/clock.ts';
import { ALERT_EVALUATION_QUEUE, AlertEvaluationJob } from '../../common/src/jobs/alert-evaluation.ts';
import type { Logger } from '../../common/src/logger.ts';
import type { QueueFactory } from '../../common/src/queue.ts';
import { continueOrStartTrace, formatTraceparent, traceLogFields } from '../../common/src/trace-context.ts';
import type { AlertChange } from './alert-change.ts';
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
  return { worker, close: () => worker.close() };
}
