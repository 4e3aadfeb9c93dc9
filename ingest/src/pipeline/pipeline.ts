import type pg from 'pg';
import type { Queue } from 'bullmq';
import type { Clock } from '../../../common/src/clock.ts';
import type { Logger } from '../../../common/src/logger.ts';
import type { LiveEvents } from '../../../common/src/live-events.ts';
import type { AlertEvaluationJob } from '../../../common/src/jobs/alert-evaluation.ts';
import { enqueueAlertEvaluations } from './alert-jobs.ts';
import type { IngestMetrics } from '../metrics.ts';
import { createBatcher } from './batcher.ts';
import { commitSubmissions, type CommitResult, type Submission } from './reading-store.ts';
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

  const commitOne = async (subs: Submission[]): Promise<CommitResult> => {
    const end = metrics.commitSeconds.startTimer();
    const result = await commitSubmissions(deps.db, subs);
    end();
    metrics.batchSize.observe(result.rowsInserted + result.rowsDuplicate);
    metrics.stored.inc(result.rowsInserted);
    metrics.duplicates.inc(result.rowsDuplicate);
    for (const [reason, n] of Object.entries(result.deadByReason)) metrics.deadLettered.inc({ reason }, n);
    return result;
  };

  /**
   * A group fails as a whole; retry its messages one by one so a single poison message (one the
   * database refuses) is dead-lettered alone instead of blocking its neighbours forever.
   */
  const commitIsolating = async (subs: Submission[]): Promise<void> => {
    let results: CommitResult[];
    try {
      results = [await commitOne(subs)];
    } catch (err) {
      if (!isDataError(err)) throw err;
      results = [];
      for (const s of subs) {
        try {
          results.push(await commitOne([s]));
        } catch (e) {
          if (!isDataError(e)) throw e;
          logger.warn({ gatewayId: s.gatewayId, code: (e as { code: string }).code }, 'message refused by the database; dead-lettered');
          results.push(await commitOne([{ ...s, verdict: { ok: false, reason: 'schema_invalid', detail: `database refused: ${(e as Error).message.slice(0, 200)}` } }]));
        }
      }
    }
    await Promise.all(results.map(afterCommit));
  };

  /** Enqueue alert evaluation (idempotent job ids) before acknowledging; live updates best effort. */
  const afterCommit = async (r: CommitResult) => {
    if (deps.alertQueue) await enqueueAlertEvaluations(deps.alertQueue, r);
    if (deps.live) {
      for (const p of r.patients) {
        deps.live
          .publish({ type: 'readings', patientId: p.patientId, metrics: [...p.metrics], count: p.readingIds.length, latestAt: new Date(p.to).toISOString() })
          .catch((err) => logger.warn({ err: (err as Error).message }, 'live event not published'));
      }
    }
  };

  const batcher = createBatcher<Submission, void>({
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
      if (verdict.ok) metrics.received.inc(verdict.batch.readings.length);
      await batcher.submit({ gatewayId, topic, payload, receivedAt, verdict });
      metrics.pending.set(batcher.pending());
    },
    drain: () => batcher.drain(),
  };
}
