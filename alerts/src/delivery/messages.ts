import type { Severity } from '../rules/severity.ts';

/**
 * Notification texts. Email crosses systems we do not control, so it carries no health
 * information at all: no name, no value, no rule — only that an alert exists, its severity and a
 * link to sign in. Webhooks go to the clinic's own systems and carry the alert summary.
 */

export interface EmailContent {
  subject: string;
  text: string;
}

const link = (publicUrl: string, path: string) => new URL(path, publicUrl).toString();

/** To a clinician: an alert of a patient in their care team, opened or escalated to their tier. */
export function clinicianEmail(publicUrl: string, alertId: string, severity: Severity, escalated: boolean): EmailContent {
  const what = escalated ? `An unacknowledged ${severity} alert has been escalated to you` : `A new ${severity} alert needs review`;
  return {
    subject: escalated ? `Vitals: ${severity} alert escalated to you` : `Vitals: new ${severity} alert`,
    text: `${what}.\n\nSign in to see it: ${link(publicUrl, `/alerts/${alertId}`)}\n\nThis message contains no health information by design.\n`,
  };
}

/** To a patient or proxy who opted in: something in the readings needs attention. */
export function patientEmail(publicUrl: string): EmailContent {
  return {
    subject: 'Vitals: your care team has been alerted',
    text: `One of the recent home readings raised an alert for your care team.\n\nSign in to see it: ${link(publicUrl, '/portal/alerts')}\n\nIf you feel unwell, do not wait for a call: contact your clinic or emergency services.\n`,
  };
}

/** Webhook event types; endpoints choose which they receive. */
export const WEBHOOK_EVENTS = ['alert.opened', 'alert.updated', 'alert.escalated', 'alert.resolved'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** The alert as a webhook receiver sees it: ids and the plain-language summary, no evidence. */
export interface WebhookAlert {
  id: string;
  patientId: string;
  ruleId: string;
  severity: Severity;
  state: string;
  count: number;
  message: string;
  openedAt: string;
  latestAt: string;
  escalationTier: number;
}

/** The JSON body of one delivery. `id` is the delivery id: receivers use it to drop duplicates. */
export function webhookBody(deliveryId: string, type: WebhookEvent, createdAt: Date, alert: WebhookAlert, tier?: number) {
  return { id: deliveryId, type, createdAt: createdAt.toISOString(), alert, ...(tier === undefined ? {} : { tier }) };
}
