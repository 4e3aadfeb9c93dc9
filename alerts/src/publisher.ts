import type { Queue } from 'bullmq';
import type pg from 'pg';
import type { LiveEvents } from '../../common/src/live-events.ts';
import type { Logger } from '../../common/src/logger.ts';
import type { AlertChange } from './alert-change.ts';
import { enqueueEmails, type EmailJob } from './delivery/email-queue.ts';
import { emptyDispatch, mergeDispatch, type Dispatch } from './delivery/outbox.ts';
import { planNotifications } from './delivery/plan.ts';
import { enqueueWebhookDeliveries, type WebhookDeliveryJob, type WebhookRetryPolicy } from './delivery/webhook-queue.ts';
import { scheduleEscalation, type EscalationJob } from './escalation-queue.ts';
import { loadClinicAlertConfig } from './store/rule-config-repo.ts';
import { inTransaction, type Tx } from './store/transaction.ts';

export interface AlertPublisherDeps {
  db: pg.Pool;
  live: LiveEvents | null;
  /** Null when no SMTP relay is configured: no email rows are written. */
  emailQueue: Queue<EmailJob> | null;
  webhookQueue: Queue<WebhookDeliveryJob>;
  webhookRetry: WebhookRetryPolicy;
  escalationQueue: Queue<EscalationJob>;
  logger: Logger;
  publicUrl: string;
}

/**
 * What follows a change to alerts: outbox rows inside the transaction, then — after commit —
 * the queued deliveries, the in-app live event and the next escalation step. Nothing after the
 * commit is allowed to fail the job: the change is stored, and the scheduled sweep re-enqueues
 * pending outbox rows and due escalations that a crash or an outage left behind.
 */
export interface AlertPublisher {
  plan(tx: Tx, changes: readonly AlertChange[], now: Date): Promise<Dispatch>;
  /** @param traceparent - the trace of the change, carried by the delivery jobs (docs/api-operations.md#tracing) */
  publish(changes: readonly AlertChange[], dispatch: Dispatch, now: Date, traceparent?: string): Promise<void>;
}

export function createAlertPublisher(deps: AlertPublisherDeps): AlertPublisher {
  const { logger } = deps;
  const warn = (what: string) => (err: unknown) => logger.warn({ err: (err as Error).message }, what);
  return {
    async plan(tx, changes, now) {
      let dispatch = emptyDispatch();
      for (const change of changes) dispatch = mergeDispatch(dispatch, await planNotifications(tx, change, { publicUrl: deps.publicUrl, now, email: deps.emailQueue !== null }));
      return dispatch;
    },
    async publish(changes, dispatch, now, traceparent) {
      await Promise.all([
        deps.emailQueue ? enqueueEmails(deps.emailQueue, dispatch.emails, traceparent).catch(warn('emails not enqueued; the sweep will')) : undefined,
        enqueueWebhookDeliveries(deps.webhookQueue, dispatch.webhooks, deps.webhookRetry, traceparent).catch(warn('webhooks not enqueued; the sweep will')),
        ...changes.map((c) =>
          deps.live?.publish({ type: 'alert', patientId: c.ref.patientId, alertId: c.ref.id, severity: c.alert.severity, state: c.alert.state }).catch(warn('live alert event not published')),
        ),
      ]);
      for (const c of changes.filter((x) => x.alert.state === 'open' && x.alert.severity === 'urgent')) {
        try {
          const { escalation } = await loadClinicAlertConfig(deps.db, c.ref.clinicId);
          await scheduleEscalation(deps.escalationQueue, c.ref.id, c.alert, escalation, now);
        } catch (err) {
          warn('escalation not scheduled; the sweep will')(err);
        }
      }
    },
  };
}

/**
 * Runs `work` (which changes alerts and reports how) in one transaction with the outbox rows for
 * its changes, then publishes them.
 */
export async function commitAlertChanges(db: pg.Pool, publisher: AlertPublisher, now: Date, work: (tx: Tx) => Promise<AlertChange[]>, traceparent?: string): Promise<AlertChange[]> {
  const { changes, dispatch } = await inTransaction(db, async (tx) => {
    const changes = await work(tx);
    return { changes, dispatch: await publisher.plan(tx, changes, now) };
  });
  await publisher.publish(changes, dispatch, now, traceparent);
  return changes;
}
