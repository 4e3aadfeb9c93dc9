import { UnrecoverableError, type Queue, type Worker } from 'bullmq';
import { outboxMessageId } from '../../../common/src/outbox-message-id.ts';
import type { Transporter } from 'nodemailer';
import type pg from 'pg';
import { z } from 'zod';
import type { Clock } from '../../../common/src/clock.ts';
import type { Logger } from '../../../common/src/logger.ts';
import type { QueueFactory } from '../../../common/src/queue.ts';
import { onStalledTooOften, STALLED_TOO_OFTEN } from './stalled.ts';
import { continueOrStartTrace, traceLogFields } from '../../../common/src/trace-context.ts';
import { OptionalTraceparent } from '../../../common/src/trace-field.ts';

/** Sends one email from the outbox (a row of `email_outbox`) through the SMTP relay. */
export const EMAIL_QUEUE = 'email-delivery';

export const EmailJob = z.object({ outboxId: z.uuid(), traceparent: OptionalTraceparent });
export type EmailJob = z.infer<typeof EmailJob>;

/** What the worker needs of a nodemailer transport (a test can pass a fake). */
export type Mailer = Pick<Transporter, 'sendMail'>;

/** Relays are often briefly unavailable; a few minutes of retries cover a restart. */
const EMAIL_ATTEMPTS = 6;
const EMAIL_BACKOFF_MS = 5_000;

/**
 * Enqueues outbox rows; the row id is the job id, so enqueuing twice sends once.
 * @param traceparent - the trace of the alert change, logged when the email goes out
 */
export async function enqueueEmails(queue: Queue<EmailJob>, outboxIds: readonly string[], traceparent?: string): Promise<void> {
  if (outboxIds.length === 0) return;
  await queue.addBulk(
    outboxIds.map((outboxId) => ({
      name: 'send',
      data: { outboxId, traceparent },
      opts: { jobId: `email-${outboxId}`, attempts: EMAIL_ATTEMPTS, backoff: { type: 'exponential', delay: EMAIL_BACKOFF_MS }, removeOnComplete: { age: 86_400 }, removeOnFail: { age: 7 * 86_400 } },
    })),
  );
}

export interface EmailWorkerDeps {
  queues: QueueFactory;
  db: pg.Pool;
  clock: Clock;
  logger: Logger;
  mailer: Mailer;
  from: string;
  concurrency: number;
  onSent?: () => void;
}

/**
 * The email worker. A row already sent is skipped, so a job that ran twice sends once — except
 * when the relay accepted the message and the process died before the row was updated, which SMTP
 * cannot rule out (there is no idempotency key in SMTP).
 */
export function createEmailWorker(deps: EmailWorkerDeps): { worker: Worker<EmailJob>; close: () => Promise<void> } {
  const { db, logger } = deps;
  const worker = deps.queues.worker<EmailJob>(
    EMAIL_QUEUE,
    async (job) => {
      const parsed = EmailJob.safeParse(job.data);
      if (!parsed.success) throw new UnrecoverableError('malformed email job');
      const { rows } = await db.query<{ status: string; to_address: string; subject: string; body_text: string }>(
        'SELECT status, to_address, subject, body_text FROM email_outbox WHERE id = $1',
        [parsed.data.outboxId],
      );
      const row = rows[0];
      if (!row) throw new UnrecoverableError('no such email');
      if (row.status !== 'pending') return 'already-final';
      const trace = traceLogFields(continueOrStartTrace(parsed.data.traceparent));
      try {
        await deps.mailer.sendMail({ from: deps.from, to: row.to_address, subject: row.subject, text: row.body_text, messageId: outboxMessageId(parsed.data.outboxId, deps.from) });
      } catch (err) {
        const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
        const message = (err as Error).message.slice(0, 500);
        await db.query(`UPDATE email_outbox SET attempts = attempts + 1, last_error = $2, status = CASE WHEN $3 THEN 'failed' ELSE status END WHERE id = $1`, [parsed.data.outboxId, message, last]);
        // the address is personal data: log the outbox id only
        logger.warn({ outboxId: parsed.data.outboxId, ...trace, attempt: job.attemptsMade + 1, last }, 'email not sent');
        throw err;
      }
      await db.query("UPDATE email_outbox SET status = 'sent', attempts = attempts + 1, sent_at = $2, last_error = NULL WHERE id = $1", [parsed.data.outboxId, deps.clock.now()]);
      deps.onSent?.();
      logger.info({ outboxId: parsed.data.outboxId, ...trace }, 'email sent');
      return 'sent';
    },
    { concurrency: deps.concurrency },
  );
  onStalledTooOften(worker, logger, async (job) => {
    const { rowCount } = await db.query(`UPDATE email_outbox SET status = 'failed', last_error = $2 WHERE id = $1 AND status = 'pending'`, [
      job.data.outboxId,
      `the worker stopped mid-send too often (${STALLED_TOO_OFTEN})`,
    ]);
    if (rowCount) logger.warn({ outboxId: job.data.outboxId }, 'email given up: stalled too often');
  });
  return { worker, close: () => worker.close() };
}
