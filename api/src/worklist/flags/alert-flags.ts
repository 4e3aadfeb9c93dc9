/**
 * Flags from the alerts service and from weight readings:
 * - `urgent_alerts`: any unresolved urgent alert (open, acknowledged or snoozed — acknowledging
 *   stops the escalation, not the patient's problem);
 * - `weight_gain`: an unresolved weight-gain alert, or — for patients the heart-failure rule does
 *   not cover — the same rule's check (`checkWeightGain`, 2 kg in 24 h or 2.5 kg in 7 days) run
 *   on the week's weights.
 */
import { defaultClinicRules } from '../../../../alerts/src/rules/default-rules.ts';
import { checkWeightGain } from '../../../../alerts/src/rules/weight-gain.ts';
import type { ReadingPoint } from '../../../../alerts/src/rules/inputs.ts';
import type { RuleOf } from '../../../../alerts/src/rules/rule-config.ts';
import type { WorklistFlag } from './flag.ts';

/** An unresolved alert as the worklist needs it. */
export interface OpenAlert {
  id: string;
  ruleKind: string;
  severity: string;
  state: string;
  message: string;
}

/**
 * The product's heart-failure weight rule (default-rules.ts), without its heart-failure condition:
 * on the worklist a gain is worth a look for any patient who weighs themselves.
 */
export const WEIGHT_RULE: RuleOf<'weight_gain'> = { ...defaultClinicRules().find((r): r is RuleOf<'weight_gain'> => r.kind === 'weight_gain')!, requiresFlags: [] };

/** How far back the weight check needs readings: its longest window and the slack. */
export const WEIGHT_LOOKBACK_HOURS = Math.max(...WEIGHT_RULE.windows.map((w) => w.hours)) + WEIGHT_RULE.slackHours;

const alertPath = (patientId: string, alertId: string) => `/v1/patients/${patientId}/alerts/${alertId}`;

/** The urgent-alerts flag, linking to the alert when there is one, to the list otherwise. */
export function urgentAlertsFlag(patientId: string, alerts: readonly OpenAlert[]): WorklistFlag | null {
  const urgent = alerts.filter((a) => a.severity === 'urgent' && a.state !== 'resolved');
  if (!urgent.length) return null;
  const unacknowledged = urgent.filter((a) => a.state === 'open').length;
  return {
    code: 'urgent_alerts',
    reason: `${urgent.length} urgent alert${urgent.length > 1 ? 's' : ''} unresolved, ${unacknowledged} not acknowledged: ${urgent[0]!.message}`,
    figures: { urgentAlerts: urgent.length, unacknowledged },
    evidence: urgent.length === 1 ? alertPath(patientId, urgent[0]!.id) : `/v1/patients/${patientId}/alerts?severity=urgent`,
  };
}

/**
 * The weight-gain flag: the open alert's message when there is one, else the rule's verdict on
 * the weights of the last 7 days and 2 hours.
 */
export function weightGainFlag(patientId: string, alerts: readonly OpenAlert[], weights: readonly ReadingPoint[], now: Date): WorklistFlag | null {
  const alert = alerts.find((a) => a.ruleKind === 'weight_gain' && a.state !== 'resolved');
  if (alert) return { code: 'weight_gain', reason: alert.message, figures: {}, evidence: alertPath(patientId, alert.id) };
  const check = checkWeightGain(WEIGHT_RULE, { body_weight: weights }, now).find((c) => c.status === 'triggered');
  if (!check || check.status !== 'triggered') return null;
  const from = new Date(now.getTime() - WEIGHT_LOOKBACK_HOURS * 3_600_000).toISOString();
  return {
    code: 'weight_gain',
    reason: check.candidate.message,
    figures: { gainKg: check.candidate.value ?? 0, limitKg: check.candidate.threshold },
    evidence: `/v1/patients/${patientId}/readings?metric=body_weight&from=${encodeURIComponent(from)}`,
  };
}
