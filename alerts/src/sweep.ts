import type { Queue } from 'bullmq';
import type pg from 'pg';
import { enqueueEmails, type EmailJob } from './delivery/email-queue.ts';
import { enqueueWebhookDeliveries, type WebhookDeliveryJob, type WebhookRetryPolicy } from './delivery/webhook-queue.ts';
import { scheduleEscalation, type EscalationJob } from './escalation-queue.ts';
import { toStoredAlert, type AlertRow } from './store/alert-row.ts';
import { loadClinicAlertConfig } from './store/rule-config-repo.ts';

export interface SweepDeps {
  db: pg.Pool;
  emailQueue: Queue<EmailJob> | null;
  webhookQueue: Queue<WebhookDeliveryJob>;
  webhookRetry: WebhookRetryPolicy;
  escalationQueue: Queue<EscalationJob>;
}

const BATCH = 1000;

/**
 * Repairs what a crash between a commit and the enqueue after it left behind: outbox rows still
 * pending and urgent open alerts whose next escalation has no job. Job ids are deterministic, so
 * re-adding a job that is still queued adds nothing, and the workers skip a row that is no longer
 * pending. Rows younger than `graceMs` are left alone: the worker that wrote them is probably
 * enqueueing them right now.
 */
export async function sweepUndelivered(deps: SweepDeps, now: Date, graceMs: number): Promise<{ emails: number; webhooks: number; escalations: number }> {
  const { db } = deps;
  const grace = `${Math.round(graceMs)} milliseconds`;
  const emails = deps.emailQueue
    ? (await db.query<{ id: string }>(`SELECT id FROM email_outbox WHERE status = 'pending' AND created_at < now() - $1::interval ORDER BY created_at LIMIT $2`, [grace, BATCH])).rows.map((r) => r.id)
    : [];
  const webhooks = (await db.query<{ id: string }>(`SELECT id FROM webhook_deliveries WHERE status = 'pending' AND created_at < now() - $1::interval ORDER BY created_at LIMIT $2`, [grace, BATCH])).rows.map((r) => r.id);
  if (deps.emailQueue) await enqueueEmails(deps.emailQueue, emails);
  await enqueueWebhookDeliveries(deps.webhookQueue, webhooks, deps.webhookRetry);
  const { rows } = await db.query<AlertRow>(`SELECT * FROM alerts WHERE state = 'open' AND severity = 'urgent' AND updated_at < now() - $1::interval LIMIT $2`, [grace, BATCH]);
  let escalations = 0;
  const policies = new Map<string, Awaited<ReturnType<typeof loadClinicAlertConfig>>>();
  for (const stored of rows.map(toStoredAlert)) {
    const config = policies.get(stored.clinicId) ?? (await loadClinicAlertConfig(db, stored.clinicId));
    policies.set(stored.clinicId, config);
    const { escalation } = config;
    if (await scheduleEscalation(deps.escalationQueue, stored.id, stored.alert, escalation, now)) escalations++;
  }
  return { emails: emails.length, webhooks: webhooks.length, escalations };
}
