import { randomUUID } from 'node:crypto';
import type { Tx } from '../store/transaction.ts';
import { severityRank, type Severity } from '../rules/severity.ts';
import type { EmailContent, WebhookEvent } from './messages.ts';
import type { Recipient } from './recipients.ts';

/**
 * The outbox: notifications are rows written in the transaction that caused them, then sent by
 * the email and webhook queues (job id = row id). A crash between commit and enqueue leaves a
 * pending row that the scheduled sweep enqueues again; the unique `dedupe_key` makes a retried
 * job or a repeated transition add nothing.
 */
export interface Dispatch {
  emails: string[];
  webhooks: string[];
}

export const emptyDispatch = (): Dispatch => ({ emails: [], webhooks: [] });

export const mergeDispatch = (a: Dispatch, b: Dispatch): Dispatch => ({ emails: [...a.emails, ...b.emails], webhooks: [...a.webhooks, ...b.webhooks] });

/** One email per recipient, keyed `key:userId`; returns the ids of rows that were new. */
export async function queueEmails(tx: Tx, key: string, recipients: readonly Recipient[], content: EmailContent): Promise<string[]> {
  const ids: string[] = [];
  for (const r of recipients) {
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO email_outbox (dedupe_key, user_id, to_address, subject, body_text) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
      [`${key}:${r.userId}`, r.userId, r.email, content.subject, content.text],
    );
    if (rows[0]) ids.push(rows[0].id);
  }
  return ids;
}

/**
 * One delivery per active endpoint of the clinic that subscribes to `type` at this severity,
 * keyed `key:endpointId`; `body` gets the delivery id so receivers can drop duplicates.
 */
export async function queueWebhooks(tx: Tx, clinicId: string, type: WebhookEvent, severity: Severity, key: string, body: (deliveryId: string) => unknown): Promise<string[]> {
  const { rows: endpoints } = await tx.query<{ id: string; min_severity: Severity }>(
    'SELECT id, min_severity FROM webhook_endpoints WHERE clinic_id = $1 AND disabled_at IS NULL AND $2 = ANY(events) ORDER BY id',
    [clinicId, type],
  );
  const ids: string[] = [];
  for (const e of endpoints.filter((x) => severityRank(severity) >= severityRank(x.min_severity))) {
    const id = randomUUID();
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO webhook_deliveries (id, endpoint_id, clinic_id, dedupe_key, event_type, payload) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
      [id, e.id, clinicId, `${key}:${e.id}`, type, JSON.stringify(body(id))],
    );
    if (rows[0]) ids.push(rows[0].id);
  }
  return ids;
}
