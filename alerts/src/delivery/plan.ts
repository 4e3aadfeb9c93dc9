import type { AlertChange, AlertRef } from '../alert-change.ts';
import type { Alert } from '../rules/lifecycle.ts';
import { severityRank } from '../rules/severity.ts';
import type { Tx } from '../store/transaction.ts';
import { clinicianEmail, patientEmail, webhookBody, type WebhookAlert, type WebhookEvent } from './messages.ts';
import { emptyDispatch, mergeDispatch, queueEmails as queueEmailRows, queueWebhooks, type Dispatch } from './outbox.ts';
import { careTeamRecipients, optedInRecipients } from './recipients.ts';

export interface PlanOptions {
  /** Origin of the portal, for links in emails. */
  publicUrl: string;
  now: Date;
  /** False when no SMTP relay is configured: no email rows are written. */
  email: boolean;
}

function webhookAlert(ref: AlertRef, a: Alert): WebhookAlert {
  return {
    id: ref.id,
    patientId: ref.patientId,
    ruleId: a.ruleId,
    severity: a.severity,
    state: a.state,
    count: a.count,
    message: a.latest.message,
    openedAt: a.openedAt.toISOString(),
    latestAt: a.latest.observedAt.toISOString(),
    escalationTier: a.escalations.reduce((max, e) => Math.max(max, e.tier), 0),
  };
}

/**
 * Writes the outbox rows for one change, inside its transaction:
 *
 * - opened, or severity raised: webhooks; a `high` alert emails tier 1 of the care team (an
 *   `urgent` one is the escalation queue's, which tells tier 1 at once and then the next tiers);
 *   at `high` and above, the patient and proxies who opted in get one email per alert.
 * - escalated: the tier's clinicians by email, and webhooks.
 * - resolved (by the rule): webhooks.
 *
 * Repeats of the same severity notify nobody: the inbox shows the count.
 */
export async function planNotifications(tx: Tx, change: AlertChange, opts: PlanOptions): Promise<Dispatch> {
  const { ref, alert } = change;
  const queueEmails: typeof queueEmailRows = (t, key, recipients, content) => (opts.email ? queueEmailRows(t, key, recipients, content) : Promise.resolve([]));
  const hook = (type: WebhookEvent, key: string, tier?: number) =>
    queueWebhooks(tx, ref.clinicId, type, alert.severity, `${ref.id}:${key}`, (id) => webhookBody(id, type, opts.now, webhookAlert(ref, alert), tier));
  switch (change.kind) {
    case 'escalated': {
      const clinicians = await careTeamRecipients(tx, ref.patientId, change.tier, alert.severity);
      const emails = await queueEmails(tx, `${ref.id}:tier-${change.tier}`, clinicians, clinicianEmail(opts.publicUrl, ref.id, alert.severity, true));
      return { emails, webhooks: await hook('alert.escalated', `tier-${change.tier}`, change.tier) };
    }
    case 'resolved':
      return { emails: [], webhooks: await hook('alert.resolved', 'resolved') };
    case 'opened':
    case 'updated': {
      const raised = change.kind === 'opened' || severityRank(alert.severity) > severityRank(change.previous.severity);
      if (!raised) return emptyDispatch();
      const webhooks = await hook(change.kind === 'opened' ? 'alert.opened' : 'alert.updated', `severity-${alert.severity}`);
      let dispatch: Dispatch = { emails: [], webhooks };
      if (alert.severity === 'high') {
        const clinicians = await careTeamRecipients(tx, ref.patientId, 1, alert.severity);
        dispatch = mergeDispatch(dispatch, { emails: await queueEmails(tx, `${ref.id}:high`, clinicians, clinicianEmail(opts.publicUrl, ref.id, alert.severity, false)), webhooks: [] });
      }
      if (severityRank(alert.severity) >= severityRank('high')) {
        const people = await optedInRecipients(tx, ref.patientId, alert.severity, opts.now);
        dispatch = mergeDispatch(dispatch, { emails: await queueEmails(tx, `${ref.id}:patient`, people, patientEmail(opts.publicUrl)), webhooks: [] });
      }
      return dispatch;
    }
  }
}
