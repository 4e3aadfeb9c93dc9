import { z } from 'zod';
import type { Metric } from '../../../common/src/metrics.ts';
import type { AlertCandidate, ClearCheck } from './candidate.ts';
import { InvalidTransitionError, type AlertAction } from './errors.ts';
import { MINUTE_MS } from './points.ts';
import type { RuleKind } from './rule-config.ts';
import { maxSeverity, severityRank, type Severity } from './severity.ts';

/**
 * The alert state machine, as pure functions from an alert (and `now`) to the next alert or an
 * {@link InvalidTransitionError}:
 *
 * - open → acknowledged (`acknowledge`); acknowledgement stops escalation.
 * - open | acknowledged → snoozed until a time (`snooze`), then back to where it was.
 * - open | acknowledged | snoozed → resolved (`resolve` by a person, `autoResolve` by the rule).
 * - `repeat` folds a new candidate into an unresolved alert, or opens a new alert after resolution.
 * - `addNote` in any state; `recordEscalation` while open and urgent.
 *
 * A snooze ends by itself: every function first applies {@link settle}, so an alert whose snooze
 * has expired is treated as open or acknowledged again without anyone writing that down.
 */

/** The states of an alert; only `resolved` is final. */
export const ALERT_STATES = ['open', 'acknowledged', 'snoozed', 'resolved'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

/** What the newest triggering evaluation said. */
export type AlertObservation = Pick<AlertCandidate, 'severity' | 'value' | 'unit' | 'threshold' | 'observedAt' | 'message' | 'evidence'>;

/** A clinician's free-text note on an alert. */
export interface AlertNote {
  by: string;
  at: Date;
  text: string;
}

/**
 * One alert for one patient. No id and no patient: the store adds them and keeps at most one
 * unresolved alert per patient and `dedupeKey`.
 */
export interface Alert {
  dedupeKey: string;
  ruleId: string;
  ruleKind: RuleKind;
  subject?: string;
  metric?: Metric;
  state: AlertState;
  /** The worst severity seen while the alert has been unresolved. */
  severity: Severity;
  openedAt: Date;
  /** Triggering evaluations folded into this alert, 1 when opened. */
  count: number;
  latest: AlertObservation;
  /** When the alert became urgent: escalation times count from here. */
  urgentSince?: Date;
  acknowledged?: { by: string; at: Date };
  snoozed?: { by: string; at: Date; until: Date; resumeTo: 'open' | 'acknowledged' };
  resolved?: { by: string; at: Date; auto: boolean };
  /** Care-team tiers already notified for this alert, in order. */
  escalations: { tier: number; at: Date }[];
  notes: AlertNote[];
}

/** A lifecycle result: the new value, or why the action is not allowed. */
export type Transition<T = Alert> = { ok: true; value: T } | { ok: false; error: InvalidTransitionError };

/** What {@link repeat} did with a candidate. */
export type RepeatOutcome =
  /** Folded into the unresolved alert. */
  | { outcome: 'updated'; alert: Alert }
  /** Not newer than what the alert already has (a redelivered job or a late backfill): nothing changed. */
  | { outcome: 'unchanged'; alert: Alert }
  /** The alert was resolved: this is a new one, to be stored beside it. */
  | { outcome: 'opened'; alert: Alert };

/** Actor recorded for automatic resolution. */
export const SYSTEM_ACTOR = 'system';
/** Notes are free text from clinicians; the cap keeps one alert row bounded. */
export const MAX_NOTE_LENGTH = 4000;

const UNRESOLVED: readonly AlertState[] = ['open', 'acknowledged', 'snoozed'];
/** The states each action may start from; anything else is an {@link InvalidTransitionError}. */
const ALLOWED_FROM: Record<AlertAction, readonly AlertState[]> = {
  acknowledge: ['open'],
  snooze: UNRESOLVED,
  resolve: UNRESOLVED,
  autoResolve: UNRESOLVED,
  addNote: ALERT_STATES,
  repeat: ALERT_STATES,
  recordEscalation: ['open'],
};

const ok = <T>(value: T): Transition<T> => ({ ok: true, value });
const time = (d: Date): number => d.getTime();

function observation(candidate: AlertCandidate): AlertObservation {
  const { severity, value, unit, threshold, observedAt, message, evidence } = candidate;
  return { severity, value, unit, threshold, observedAt, message, evidence };
}

/** A new open alert from a candidate. */
export function openAlert(candidate: AlertCandidate, now: Date): Alert {
  return {
    dedupeKey: candidate.dedupeKey,
    ruleId: candidate.ruleId,
    ruleKind: candidate.ruleKind,
    ...(candidate.subject === undefined ? {} : { subject: candidate.subject }),
    ...(candidate.metric === undefined ? {} : { metric: candidate.metric }),
    state: 'open',
    severity: candidate.severity,
    openedAt: now,
    count: 1,
    latest: observation(candidate),
    ...(candidate.severity === 'urgent' ? { urgentSince: now } : {}),
    escalations: [],
    notes: [],
  };
}

/** The alert as of `now`: a snooze that has expired is over, and the alert is back in the state it was snoozed from. */
export function settle(alert: Alert, now: Date): Alert {
  if (alert.state !== 'snoozed' || alert.snoozed === undefined || time(now) < time(alert.snoozed.until)) return alert;
  const { snoozed, ...rest } = alert;
  return { ...rest, state: snoozed.resumeTo };
}

/** What a step calls to refuse, with the reason; the action and state are filled in. */
type Refuse = (reason: string) => { ok: false; error: InvalidTransitionError };

/** Settles the alert, checks that `action` may start from its state, then applies `step`. */
function transition<T>(action: AlertAction, alert: Alert, now: Date, step: (settled: Alert, refuse: Refuse) => Transition<T>): Transition<T> {
  const settled = settle(alert, now);
  const refuse: Refuse = (reason) => ({ ok: false, error: new InvalidTransitionError(action, settled.state, reason) });
  const allowed = ALLOWED_FROM[action];
  return allowed.includes(settled.state) ? step(settled, refuse) : refuse(`allowed only when ${allowed.join(' or ')}`);
}

/** open → acknowledged. Acknowledgement stops escalation. */
export function acknowledge(alert: Alert, by: string, now: Date): Transition {
  return transition('acknowledge', alert, now, (a) => ok({ ...a, state: 'acknowledged', acknowledged: { by, at: now } }));
}

/**
 * open, acknowledged or snoozed → snoozed until `until` (snoozing again moves the end). An urgent
 * alert must be acknowledged first: a snooze on an unseen urgent alert would silence its escalation.
 */
export function snooze(alert: Alert, opts: { by: string; until: Date }, now: Date): Transition {
  return transition('snooze', alert, now, (a, refuse) => {
    if (time(opts.until) <= time(now)) return refuse('the snooze must end in the future');
    if (a.state === 'open' && a.severity === 'urgent') return refuse('an urgent alert must be acknowledged before it is snoozed');
    const resumeTo = a.snoozed?.resumeTo ?? (a.state === 'acknowledged' ? 'acknowledged' : 'open');
    return ok({ ...a, state: 'snoozed', snoozed: { by: opts.by, at: now, until: opts.until, resumeTo } });
  });
}

function close(a: Alert, by: string, now: Date, auto: boolean): Alert {
  const { snoozed: _ended, ...rest } = a;
  return { ...rest, state: 'resolved', resolved: { by, at: now, auto } };
}

/** open, acknowledged or snoozed → resolved, by a person. */
export function resolve(alert: Alert, by: string, now: Date): Transition {
  return transition('resolve', alert, now, (a) => ok(close(a, by, now, false)));
}

/**
 * Resolves the alert because its rule found the data back in range, when the rule allows it
 * (`autoResolve` on the check) and the in-range data is newer than what triggered the alert — a
 * late job about an older normal reading must not close an alert about a newer bad one.
 */
export function autoResolve(alert: Alert, check: ClearCheck, now: Date): Transition {
  return transition('autoResolve', alert, now, (a, refuse) => {
    if (check.dedupeKey !== a.dedupeKey) return refuse('the check is about another alert');
    if (!check.autoResolve) return refuse('the rule does not allow automatic resolution');
    if (time(check.observedAt) <= time(a.latest.observedAt)) return refuse('the in-range data is not newer than the triggering data');
    return ok(close(a, SYSTEM_ACTOR, now, true));
  });
}

/** Adds a clinician's note, in any state (notes are often written after resolving). */
export function addNote(alert: Alert, note: { by: string; text: string }, now: Date): Transition {
  return transition('addNote', alert, now, (a, refuse) => {
    const text = note.text.trim();
    if (text.length === 0 || text.length > MAX_NOTE_LENGTH) return refuse(`a note has 1 to ${MAX_NOTE_LENGTH} characters`);
    return ok({ ...a, notes: [...a.notes, { by: note.by, at: now, text }] });
  });
}

/**
 * The same rule fired again for the same dedupe key. Unresolved: the count goes up and the
 * latest value is replaced; a worse severity than seen so far also re-opens an acknowledged or
 * snoozed alert, because that acknowledgement or snooze was given for something milder. Resolved:
 * a new alert opens. A candidate no newer than the alert's latest leaves it unchanged, so a
 * redelivered job is harmless.
 */
export function repeat(alert: Alert, candidate: AlertCandidate, now: Date): Transition<RepeatOutcome> {
  return transition('repeat', alert, now, (a, refuse): Transition<RepeatOutcome> => {
    if (candidate.dedupeKey !== a.dedupeKey) return refuse('the candidate is about another alert');
    // Checked before "resolved", so a job redelivered after resolution does not open a second alert.
    if (time(candidate.observedAt) <= time(a.latest.observedAt)) return ok({ outcome: 'unchanged', alert: a });
    if (a.state === 'resolved') return ok({ outcome: 'opened', alert: openAlert(candidate, now) });
    const worse = severityRank(candidate.severity) > severityRank(a.severity);
    const { snoozed: _snoozed, acknowledged: _acknowledged, ...rest } = a;
    const kept = worse ? { ...rest, state: 'open' as const } : a;
    const severity = maxSeverity(a.severity, candidate.severity);
    return ok({
      outcome: 'updated',
      alert: {
        ...kept,
        severity,
        count: a.count + 1,
        latest: observation(candidate),
        ...(severity === 'urgent' && a.urgentSince === undefined ? { urgentSince: now } : {}),
      },
    });
  });
}

/**
 * One care-team tier and how long after an urgent alert became urgent, unacknowledged, it is
 * notified. `tier` is `care_team_members.tier` (1 to 9, 1 first; db/migrations/0001_core.sql).
 */
export const EscalationTier = z.object({ tier: z.number().int().min(1).max(9), afterMinutes: z.number().finite().nonnegative() });
export type EscalationTier = z.infer<typeof EscalationTier>;

/** Who is told about an unacknowledged urgent alert, and when. */
export const EscalationPolicy = z.object({
  tiers: z
    .array(EscalationTier)
    .min(1)
    .max(10)
    .refine((tiers) => new Set(tiers.map((t) => t.tier)).size === tiers.length, 'each tier once'),
});
export type EscalationPolicy = z.infer<typeof EscalationPolicy>;

/**
 * The default policy: tier 1 (the patient's nurses) at once, tier 2 after 15 minutes, tier 3
 * after 30 — the clinic tunes it to its staffing (see docs/alert-rules.md).
 */
export function defaultEscalationPolicy(): EscalationPolicy {
  return {
    tiers: [
      { tier: 1, afterMinutes: 0 },
      { tier: 2, afterMinutes: 15 },
      { tier: 3, afterMinutes: 30 },
    ],
  };
}

/** The next tier to notify and when; `due` once `now` has reached `at`. */
export interface EscalationStep {
  tier: number;
  at: Date;
  due: boolean;
}

/**
 * The next care-team tier to notify about an urgent alert that nobody has acknowledged: the
 * earliest tier (by `afterMinutes`) not yet recorded by {@link recordEscalation}, due
 * `afterMinutes` after the alert became urgent. Null when there is nothing more to do — the alert
 * is acknowledged, snoozed or resolved, is not urgent, or every tier has been told. A worker that
 * was down returns overdue tiers one after another, so none is skipped.
 */
export function nextEscalation(alert: Alert, policy: EscalationPolicy, now: Date): EscalationStep | null {
  const a = settle(alert, now);
  if (a.state !== 'open' || a.severity !== 'urgent' || a.urgentSince === undefined) return null;
  const notified = new Set(a.escalations.map((e) => e.tier));
  // Stable sort: tiers with the same delay keep the order the policy lists them in.
  const next = [...policy.tiers].sort((x, y) => x.afterMinutes - y.afterMinutes).find((t) => !notified.has(t.tier));
  if (next === undefined) return null;
  const at = new Date(time(a.urgentSince) + next.afterMinutes * MINUTE_MS);
  return { tier: next.tier, at, due: time(now) >= time(at) };
}

/** Records that `tier` was notified; only for an open urgent alert, once per tier. */
export function recordEscalation(alert: Alert, tier: number, now: Date): Transition {
  return transition('recordEscalation', alert, now, (a, refuse) => {
    if (a.severity !== 'urgent') return refuse('only urgent alerts escalate');
    if (a.escalations.some((e) => e.tier === tier)) return refuse(`tier ${tier} was already notified`);
    return ok({ ...a, escalations: [...a.escalations, { tier, at: now }] });
  });
}
