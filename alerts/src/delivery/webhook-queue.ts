import { UnrecoverableError, type Job, type Queue, type Worker } from 'bullmq';
import type pg from 'pg';
import { z } from 'zod';
import type { Clock } from '../../../common/src/clock.ts';
import type { Logger } from '../../../common/src/logger.ts';
import type { QueueFactory } from '../../../common/src/queue.ts';
import { continueOrStartTrace, formatTraceparent, traceLogFields, type TraceContext } from '../../../common/src/trace-context.ts';
import { OptionalTraceparent } from '../../../common/src/trace-field.ts';
import { onStalledTooOften, STALLED_TOO_OFTEN } from './stalled.ts';
import { SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from './webhook-signature.ts';

/** Sends one webhook delivery (a row of `webhook_deliveries`) to its endpoint. */
export const WEBHOOK_DELIVERY_QUEUE = 'webhook-delivery';

export const WebhookDeliveryJob = z.object({ deliveryId: z.uuid(), traceparent: OptionalTraceparent });
export type WebhookDeliveryJob = z.infer<typeof WebhookDeliveryJob>;

/** How hard to try: BullMQ retries with exponential backoff (backoffMs, 2×, 4×...). */
export interface WebhookRetryPolicy {
  attempts: number;
  backoffMs: number;
}

/**
 * Enqueues deliveries already written to the outbox; the row id is the job id, so enqueuing twice adds one job.
 * @param traceparent - the trace of the alert change, sent on to the receiver (none from the sweep)
 */
export async function enqueueWebhookDeliveries(queue: Queue<WebhookDeliveryJob>, deliveryIds: readonly string[], retry: WebhookRetryPolicy, traceparent?: string): Promise<void> {
  if (deliveryIds.length === 0) return;
  await queue.addBulk(
    deliveryIds.map((deliveryId) => ({
      name: 'deliver',
      data: { deliveryId, traceparent },
      opts: { jobId: `webhook-${deliveryId}`, attempts: retry.attempts, backoff: { type: 'exponential', delay: retry.backoffMs }, removeOnComplete: { age: 86_400 }, removeOnFail: { age: 7 * 86_400 } },
    })),
  );
}

export interface WebhookWorkerDeps {
  queues: QueueFactory;
  db: pg.Pool;
  clock: Clock;
  logger: Logger;
  concurrency: number;
  /** A receiver that does not answer in time counts as a failed attempt. */
  timeoutMs: number;
  onDelivered?: () => void;
  onDeadLetter?: () => void;
}

interface DeliveryRow {
  status: string;
  payload: unknown;
  url: string;
  secret: string;
  disabled_at: Date | null;
}

/** 4xx answers other than timeout and rate limit will not change on a retry. */
const isPermanent = (status: number) => status >= 400 && status < 500 && status !== 408 && status !== 429;

/**
 * The webhook worker: POSTs the delivery's JSON with `x-vitals-timestamp` and `x-vitals-signature`
 * (see webhook-signature.ts), and a W3C `traceparent` continuing the alert's trace, so a receiver
 * that traces can join it (docs/api-operations.md#tracing). A 2xx marks it delivered. A transient
 * failure throws, so BullMQ retries with backoff; after the last attempt, or at once for a
 * permanent failure, the row becomes a dead letter that admins see at GET /v1/admin/webhook-dead-letters.
 */
export function createWebhookWorker(deps: WebhookWorkerDeps): { worker: Worker<WebhookDeliveryJob>; close: () => Promise<void> } {
  const { db, clock, logger } = deps;
  const finish = async (deliveryId: string, status: 'delivered' | 'dead_letter', httpStatus: number | null, error: string | null) => {
    await db.query(
      `UPDATE webhook_deliveries SET status = $2, attempts = attempts + 1, last_status = $3, last_error = $4,
              delivered_at = CASE WHEN $2 = 'delivered' THEN $5::timestamptz END, dead_at = CASE WHEN $2 = 'dead_letter' THEN $5::timestamptz END
        WHERE id = $1`,
      [deliveryId, status, httpStatus, error, clock.now()],
    );
  };
  const failedAttempt = async (job: Job<WebhookDeliveryJob>, trace: TraceContext, httpStatus: number | null, error: string, permanent: boolean) => {
    const last = permanent || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    if (last) {
      await finish(job.data.deliveryId, 'dead_letter', httpStatus, error);
      deps.onDeadLetter?.();
      logger.warn({ deliveryId: job.data.deliveryId, ...traceLogFields(trace), httpStatus, attempts: job.attemptsMade + 1 }, 'webhook delivery dead-lettered');
      throw new UnrecoverableError(error);
    }
    await db.query('UPDATE webhook_deliveries SET attempts = attempts + 1, last_status = $2, last_error = $3 WHERE id = $1', [job.data.deliveryId, httpStatus, error]);
    throw new Error(error);
  };

  const worker = deps.queues.worker<WebhookDeliveryJob>(
    WEBHOOK_DELIVERY_QUEUE,
    async (job) => {
      const parsed = WebhookDeliveryJob.safeParse(job.data);
      if (!parsed.success) throw new UnrecoverableError('malformed webhook job');
      // a new span per attempt, in the alert's trace (or a new trace for a delivery the sweep re-enqueued)
      const trace = continueOrStartTrace(parsed.data.traceparent);
      const { rows } = await db.query<DeliveryRow>(
        `SELECT d.status, d.payload, e.url, e.secret, e.disabled_at FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id WHERE d.id = $1`,
        [parsed.data.deliveryId],
      );
      const row = rows[0];
      if (!row) throw new UnrecoverableError('no such webhook delivery');
      if (row.status !== 'pending') return 'already-final';
      if (row.disabled_at) return failedAttempt(job, trace, null, 'the endpoint is disabled', true);
      const body = JSON.stringify(row.payload);
      const timestamp = Math.floor(clock.now().getTime() / 1000);
      let status: number;
      try {
        const res = await fetch(row.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'user-agent': 'vitals-webhooks/1', [TIMESTAMP_HEADER]: String(timestamp), [SIGNATURE_HEADER]: signWebhook(row.secret, timestamp, body), traceparent: formatTraceparent(trace) },
          body,
          // a redirect could send the signed body somewhere the clinic did not configure
          redirect: 'manual',
          signal: AbortSignal.timeout(deps.timeoutMs),
        });
        status = res.status;
        await res.body?.cancel();
      } catch (err) {
        return failedAttempt(job, trace, null, `request failed: ${(err as Error).message}`.slice(0, 500), false);
      }
      if (status >= 200 && status < 300) {
        await finish(job.data.deliveryId, 'delivered', status, null);
        deps.onDelivered?.();
        logger.info({ deliveryId: job.data.deliveryId, ...traceLogFields(trace), httpStatus: status }, 'webhook delivered');
        return 'delivered';
      }
      return failedAttempt(job, trace, status, `HTTP ${status}`, isPermanent(status));
    },
    { concurrency: deps.concurrency },
  );
  onStalledTooOften(worker, logger, async (job) => {
    // the receiver may have had it (at-least-once): a dead letter tells the admin to check
    const { rowCount } = await db.query(`UPDATE webhook_deliveries SET status = 'dead_letter', dead_at = $2, last_error = $3 WHERE id = $1 AND status = 'pending'`, [
      job.data.deliveryId,
      clock.now(),
      `the worker stopped mid-delivery too often (${STALLED_TOO_OFTEN})`,
    ]);
    if (!rowCount) return;
    deps.onDeadLetter?.();
    logger.warn({ deliveryId: job.data.deliveryId }, 'webhook delivery dead-lettered: stalled too often');
  });
  return { worker, close: () => worker.close() };
}
