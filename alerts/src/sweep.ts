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

/** Rows per query, and at most this many rows of each kind per run (the next run goes on). */
export const SWEEP_LIMITS = Object.freeze({ batch: 1000, maxRows: 20_000 });

type Limits = { batch: number; maxRows: number };

/**
 * Every pending row of an outbox table older than the grace, page by page (keyset on created_at
 * and id). One page of the oldest is not enough: rows whose jobs are alive and retrying (an
 * endpoint down for an hour) stay pending and would take the page every run, and a row orphaned
 * after them would never be reached.
 */
async function pendingOlderThan(db: SweepDeps['db'], table: 'email_outbox' | 'webhook_deliveries', grace: string, limits: Limits, each: (ids: string[]) => Promise<void>): Promise<number> {
  // the cursor's time travels as text: a JS Date would cut created_at's microseconds and fetch the last row again
  let after = { at: '-infinity', id: '00000000-0000-0000-0000-000000000000' };
  let seen = 0;
  while (seen < limits.maxRows) {
    const { rows } = await db.query<{ id: string; at: string }>(
      `SELECT id, created_at::text AS at FROM ${table}
        WHERE status = 'pending' AND created_at < now() - $1::interval AND (created_at, id) > ($2::timestamptz, $3::uuid)
        ORDER BY created_at, id LIMIT $4`,
      [grace, after.at, after.id, Math.min(limits.batch, limits.maxRows - seen)],
    );
    if (rows.length === 0) break;
    await each(rows.map((r) => r.id));
    seen += rows.length;
    const last = rows.at(-1)!;
    after = { at: last.at, id: last.id };
    if (rows.length < limits.batch) break;
  }
  return seen;
}

/**
 * Repairs what a crash between a commit and the enqueue after it left behind: outbox rows still
 * pending and urgent open alerts whose next escalation has no job. Job ids are deterministic, so
 * re-adding a job that is still queued adds nothing, and the workers skip a row that is no longer
 * pending. Rows younger than `graceMs` are left alone: the worker that wrote them is probably
 * enqueueing them right now.
 */
export async function sweepUndelivered(deps: SweepDeps, now: Date, graceMs: number, limits: Limits = SWEEP_LIMITS): Promise<{ emails: number; webhooks: number; escalations: number }> {
  const { db } = deps;
  const grace = `${Math.round(graceMs)} milliseconds`;
  const emailQueue = deps.emailQueue;
  const emails = emailQueue ? await pendingOlderThan(db, 'email_outbox', grace, limits, (ids) => enqueueEmails(emailQueue, ids)) : 0;
  const webhooks = await pendingOlderThan(db, 'webhook_deliveries', grace, limits, (ids) => enqueueWebhookDeliveries(deps.webhookQueue, ids, deps.webhookRetry));
  let escalations = 0;
  const policies = new Map<string, Awaited<ReturnType<typeof loadClinicAlertConfig>>>();
  let afterId = '00000000-0000-0000-0000-000000000000';
  for (let seen = 0; seen < limits.maxRows; ) {
    const { rows } = await db.query<AlertRow>(
      `SELECT * FROM alerts WHERE state = 'open' AND severity = 'urgent' AND updated_at < now() - $1::interval AND id > $2::uuid ORDER BY id LIMIT $3`,
      [grace, afterId, Math.min(limits.batch, limits.maxRows - seen)],
    );
    for (const stored of rows.map(toStoredAlert)) {
      const config = policies.get(stored.clinicId) ?? (await loadClinicAlertConfig(db, stored.clinicId));
      policies.set(stored.clinicId, config);
      if (await scheduleEscalation(deps.escalationQueue, stored.id, stored.alert, config.escalation, now)) escalations++;
    }
    seen += rows.length;
    if (rows.length < limits.batch) break;
    afterId = rows.at(-1)!.id;
  }
  return { emails, webhooks, escalations };
}
