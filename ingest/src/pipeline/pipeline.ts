import type pg from 'pg';
import type { Queue } from 'bullmq';
import type { Clock } from '../../../common/src/clock.ts';
import type { Logger } from '../../../common/src/logger.ts';
import type { LiveEvents } from '../../../common/src/live-events.ts';
import type { AlertEvaluationJob } from '../../../common/src/jobs/alert-evaluation.ts';
import { formatTraceparent, traceLogFields } from '../../../common/src/trace-context.ts';
import { enqueueAlertEvaluations } from './alert-jobs.ts';
import { patientTraces, traceOfVerdict, type TracedSubmission } from './batch-trace.ts';
import type { IngestMetrics } from '../metrics.ts';
import { createBatcher } from './batcher.ts';
import { commitSubmissions, type CommitResult } from './reading-store.ts';
import { validateBatch } from './validate-batch.ts';

export interface PipelineDeps {
  db: pg.Pool;
  alertQueue: Queue<AlertEvaluationJob> | null;
  live: LiveEvents | null;
  metrics: IngestMetrics;
  clock: Clock;
  logger: Logger;
  config: { INGEST_BATCH_MAX: number; INGEST_BATCH_MS: number; INGEST_MAX_FUTURE_S: number; MQTT_MAX_PAYLOAD_BYTES: number };
}

export interface IngestPipeline {
  /**
   * Validate and store one readings message. Resolves once its readings are committed or
   * dead-lettered: only then may the publish be acknowledged. Rejects on a transient failure
   * (database or queue down): the caller must not acknowledge, so the gateway resends.
   */
  handle(gatewayId: string, topic: string, payload: Buffer): Promise<void>;
  drain(): Promise<void>;
}

/** PostgreSQL errors caused by the data itself (class 22 data exception, 23 integrity). */
const isDataError = (err: unknown) => typeof (err as { code?: unknown }).code === 'string' && /^2[23]/.test((err as { code: string }).code);

export function createIngestPipeline(deps: PipelineDeps): IngestPipeline {
  const { metrics, logger } = deps;

  const commitOne = async (subs: TracedSubmission[]): Promise<CommitResult> => {
    const end = metrics.commitSeconds.startTimer();
    const result = await commitSubmissions(deps.db, subs);
    end();
    metrics.batchSize.observe(result.rowsInserted + result.rowsDuplicate);
    metrics.stored.inc(result.rowsInserted);
    metrics.duplicates.inc(result.rowsDuplicate);
    for (const [reason, n] of Object.entries(result.deadByReason)) metrics.deadLettered.inc({ reason }, n);
    // one line per message under its trace id, so a search for the gateway's trace finds the commit
    for (const s of subs) {
      if (s.verdict.ok) logger.info({ gatewayId: s.gatewayId, ...traceLogFields(s.trace), readings: s.verdict.accepted.length, refused: s.verdict.rejected.length }, 'readings batch committed');
      else logger.warn({ gatewayId: s.gatewayId, ...traceLogFields(s.trace), reason: s.verdict.reason }, 'readings batch dead-lettered');
    }
    return result;
  };

  /**
   * A group fails as a whole; retry its messages one by one so a single poison message (one the
   * database refuses) is dead-lettered alone instead of blocking its neighbours forever.
   */
  const commitIsolating = async (subs: TracedSubmission[]): Promise<void> => {
    let results: Array<{ r: CommitResult; subs: TracedSubmission[] }>;
    try {
      results = [{ r: await commitOne(subs), subs }];
    } catch (err) {
      if (!isDataError(err)) throw err;
      results = [];
      for (const s of subs) {
        try {
          results.push({ r: await commitOne([s]), subs: [s] });
        } catch (e) {
          if (!isDataError(e)) throw e;
          logger.warn({ gatewayId: s.gatewayId, ...traceLogFields(s.trace), code: (e as { code: string }).code }, 'message refused by the database; dead-lettered');
          const refused: TracedSubmission = { ...s, verdict: { ok: false, reason: 'schema_invalid', detail: `database refused: ${(e as Error).message.slice(0, 200)}` } };
          results.push({ r: await commitOne([refused]), subs: [refused] });
        }
      }
    }
    await Promise.all(results.map(({ r, subs }) => afterCommit(r, subs)));
  };

  /** Enqueue alert evaluation (idempotent job ids) before acknowledging; live updates best effort. */
  const afterCommit = async (r: CommitResult, subs: TracedSubmission[]) => {
    if (deps.alertQueue) {
      const traces = patientTraces(subs, r.patients);
      for (const [patientId, [first, ...others]] of traces) {
        if (first && others.length) logger.debug({ patientId, ...traceLogFields(first), linked_trace_ids: others.map((t) => t.traceId) }, 'alert evaluation joins several traces');
      }
      await enqueueAlertEvaluations(deps.alertQueue, r, (patientId) => {
        const first = traces.get(patientId)?.[0];
        return first && formatTraceparent(first);
      });
    }
    if (deps.live) {
      for (const p of r.patients) {
        deps.live
          .publish({ type: 'readings', patientId: p.patientId, metrics: [...p.metrics], count: p.readingIds.length, latestAt: new Date(p.to).toISOString() })
          .catch((err) => logger.warn({ err: (err as Error).message }, 'live event not published'));
      }
    }
  };

  const batcher = createBatcher<TracedSubmission, void>({
    commit: commitIsolating,
    weight: (s) => (s.verdict.ok ? s.verdict.batch.readings.length : 1),
    maxItems: deps.config.INGEST_BATCH_MAX,
    maxWaitMs: deps.config.INGEST_BATCH_MS,
    maxPendingItems: deps.config.INGEST_BATCH_MAX * 8,
  });

  return {
    async handle(gatewayId, topic, payload) {
      metrics.messages.inc();
      const receivedAt = deps.clock.now();
      const verdict =
        payload.length > deps.config.MQTT_MAX_PAYLOAD_BYTES
          ? ({ ok: false, reason: 'oversized', detail: `payload of ${payload.length} bytes exceeds ${deps.config.MQTT_MAX_PAYLOAD_BYTES}` } as const)
          : validateBatch(payload, gatewayId, { now: receivedAt, maxFutureMs: deps.config.INGEST_MAX_FUTURE_S * 1000 });
      const trace = traceOfVerdict(verdict);
      if (verdict.ok) metrics.received.inc(verdict.batch.readings.length);
      logger.debug({ gatewayId, ...traceLogFields(trace), bytes: payload.length, readings: verdict.ok ? verdict.batch.readings.length : 0 }, 'readings batch received');
      await batcher.submit({ gatewayId, topic, payload, receivedAt, verdict, trace });
      metrics.pending.set(batcher.pending());
    },
    drain: () => batcher.drain(),
  };
}
