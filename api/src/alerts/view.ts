import { settle } from '../../../alerts/src/rules/lifecycle.ts';
import type { StoredAlert } from '../../../alerts/src/store/alert-row.ts';

const iso = (d: Date | undefined | null): string | null => (d ? d.toISOString() : null);

/** The API form of a stored alert, as of `now` (an expired snooze shows the state it returned to). */
export function alertView(stored: StoredAlert, now: Date) {
  const a = settle(stored.alert, now);
  return {
    id: stored.id,
    patientId: stored.patientId,
    ruleId: a.ruleId,
    ruleKind: a.ruleKind,
    subject: a.subject ?? null,
    metric: a.metric ?? null,
    severity: a.severity,
    state: a.state,
    count: a.count,
    message: a.latest.message,
    value: a.latest.value ?? null,
    unit: a.latest.unit ?? null,
    threshold: a.latest.threshold ?? null,
    observedAt: a.latest.observedAt.toISOString(),
    first: { value: stored.first.value, at: stored.first.at.toISOString() },
    openedAt: a.openedAt.toISOString(),
    urgentSince: iso(a.urgentSince),
    acknowledged: a.acknowledged ? { by: a.acknowledged.by, at: a.acknowledged.at.toISOString() } : null,
    snoozedUntil: a.state === 'snoozed' ? iso(a.snoozed?.until) : null,
    resolved: a.resolved ? { by: a.resolved.by, at: a.resolved.at.toISOString(), auto: a.resolved.auto } : null,
    escalationTier: a.escalations.reduce((max, e) => Math.max(max, e.tier), 0),
    evidence: a.latest.evidence,
  };
}
export type AlertView = ReturnType<typeof alertView>;
