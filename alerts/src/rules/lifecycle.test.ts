import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ClearCheck } from './candidate.ts';
import { InvalidTransitionError } from './errors.ts';
import {
  acknowledge,
  addNote,
  autoResolve,
  defaultEscalationPolicy,
  EscalationPolicy,
  MAX_NOTE_LENGTH,
  nextEscalation,
  openAlert,
  recordEscalation,
  repeat,
  resolve,
  settle,
  snooze,
  type Alert,
  type RepeatOutcome,
  type Transition,
} from './lifecycle.ts';
import { glucoseCandidate, minutesAgo, NOW } from './test-support.ts';

const later = (m: number) => minutesAgo(-m);

/** The value of a transition that must succeed. */
function value<T>(t: Transition<T>): T {
  if (!t.ok) throw t.error;
  return t.value;
}

/** The error of a transition that must fail. */
function error<T>(t: Transition<T>): InvalidTransitionError {
  if (t.ok) throw new Error(`expected an InvalidTransitionError, got ${JSON.stringify(t.value)}`);
  expect(t.error).toBeInstanceOf(InvalidTransitionError);
  return t.error;
}

const high = () => openAlert(glucoseCandidate('high', 65), NOW);
const urgent = () => openAlert(glucoseCandidate('urgent', 50), NOW);
const resolved = () => value(resolve(high(), 'dr-a', NOW));
const clearAt = (m: number, over: Partial<ClearCheck> = {}): ClearCheck => ({
  status: 'clear',
  ruleId: 'glucose-low',
  ruleKind: 'threshold',
  dedupeKey: 'glucose-low',
  observedAt: later(m),
  autoResolve: true,
  ...over,
});

describe('open, acknowledge, resolve', () => {
  it('opens from a candidate with count 1, and urgent alerts start the escalation clock', () => {
    expect(high()).toMatchObject({ state: 'open', severity: 'high', count: 1, dedupeKey: 'glucose-low', openedAt: NOW, escalations: [], notes: [] });
    expect(high().urgentSince).toBeUndefined();
    expect(urgent().urgentSince).toEqual(NOW);
  });

  it('acknowledges an open alert once', () => {
    const acked = value(acknowledge(high(), 'nurse-1', later(2)));
    expect(acked).toMatchObject({ state: 'acknowledged', acknowledged: { by: 'nurse-1', at: later(2) } });
    expect(error(acknowledge(acked, 'nurse-2', later(3)))).toMatchObject({ action: 'acknowledge', from: 'acknowledged' });
  });

  it('resolves from open, acknowledged and snoozed, and not twice', () => {
    const fromOpen = value(resolve(high(), 'dr-a', later(1)));
    expect(fromOpen).toMatchObject({ state: 'resolved', resolved: { by: 'dr-a', at: later(1), auto: false } });
    expect(value(resolve(value(acknowledge(high(), 'n', NOW)), 'dr-a', later(1))).state).toBe('resolved');
    const snoozed = value(snooze(high(), { by: 'n', until: later(60) }, NOW));
    expect(value(resolve(snoozed, 'dr-a', later(1)))).not.toHaveProperty('snoozed');
    expect(error(resolve(fromOpen, 'dr-a', later(2))).from).toBe('resolved');
  });

  it.each([
    ['acknowledge', (a: Alert) => acknowledge(a, 'n', later(1))],
    ['snooze', (a: Alert) => snooze(a, { by: 'n', until: later(60) }, later(1))],
    ['resolve', (a: Alert) => resolve(a, 'n', later(1))],
    ['autoResolve', (a: Alert) => autoResolve(a, clearAt(1), later(1))],
    ['recordEscalation', (a: Alert) => recordEscalation(a, 1, later(1))],
  ])('refuses to %s a resolved alert', (action, act) => {
    const e = error(act(resolved()));
    expect(e).toMatchObject({ name: 'InvalidTransitionError', action, from: 'resolved' });
    expect(e.message).toMatch(/^cannot .* an alert that is resolved/);
  });
});

describe('snooze', () => {
  it('snoozes until a time, then the alert is back where it was', () => {
    const s = value(snooze(value(acknowledge(high(), 'n', NOW)), { by: 'n', until: later(30) }, later(1)));
    expect(s).toMatchObject({ state: 'snoozed', snoozed: { until: later(30), resumeTo: 'acknowledged' } });
    expect(settle(s, later(29)).state).toBe('snoozed');
    expect(settle(s, later(30))).toMatchObject({ state: 'acknowledged' });
    expect(settle(s, later(30))).not.toHaveProperty('snoozed');
  });

  it('wakes an alert snoozed from open as open, which can then be acknowledged', () => {
    const s = value(snooze(high(), { by: 'n', until: later(30) }, NOW));
    expect(error(acknowledge(s, 'n', later(10))).from).toBe('snoozed');
    expect(value(acknowledge(s, 'n', later(31))).state).toBe('acknowledged');
  });

  it('can be extended, keeping the state to return to', () => {
    const s = value(snooze(high(), { by: 'n', until: later(30) }, NOW));
    const longer = value(snooze(s, { by: 'm', until: later(90) }, later(5)));
    expect(longer.snoozed).toEqual({ by: 'm', at: later(5), until: later(90), resumeTo: 'open' });
  });

  it('needs an end in the future', () => {
    expect(error(snooze(high(), { by: 'n', until: NOW }, NOW)).reason).toMatch(/future/);
  });

  it('refuses an urgent alert nobody has acknowledged (it would silence escalation)', () => {
    expect(error(snooze(urgent(), { by: 'n', until: later(30) }, NOW)).reason).toMatch(/acknowledged before/);
    expect(value(snooze(value(acknowledge(urgent(), 'n', NOW)), { by: 'n', until: later(30) }, NOW)).state).toBe('snoozed');
  });
});

describe('notes', () => {
  it('adds trimmed notes in any state, resolved included', () => {
    const a = value(addNote(resolved(), { by: 'dr-a', text: '  called patient, ate snack  ' }, later(5)));
    expect(a.notes).toEqual([{ by: 'dr-a', at: later(5), text: 'called patient, ate snack' }]);
    expect(a.state).toBe('resolved');
  });

  it('refuses empty and over-long notes', () => {
    expect(error(addNote(high(), { by: 'n', text: '   ' }, NOW)).action).toBe('addNote');
    expect(error(addNote(high(), { by: 'n', text: 'x'.repeat(MAX_NOTE_LENGTH + 1) }, NOW)).action).toBe('addNote');
  });
});

describe('repeat', () => {
  const outcomeOf = (t: Transition<RepeatOutcome>) => value(t).outcome;

  it('folds a newer candidate into an open or acknowledged alert', () => {
    const r = value(repeat(high(), glucoseCandidate('high', 62, -5), later(5)));
    expect(r.outcome).toBe('updated');
    expect(r.alert).toMatchObject({ state: 'open', count: 2, severity: 'high', openedAt: NOW, latest: { value: 62, observedAt: later(5) } });
    const acked = value(acknowledge(high(), 'n', NOW));
    expect(value(repeat(acked, glucoseCandidate('high', 60, -5), later(5))).alert).toMatchObject({ state: 'acknowledged', count: 2 });
  });

  it('ignores a candidate no newer than the latest (redelivered job, late backfill)', () => {
    const a = high();
    const r = value(repeat(a, glucoseCandidate('urgent', 40, 0), later(1)));
    expect(r).toEqual({ outcome: 'unchanged', alert: a });
  });

  it('opens a new alert after resolution', () => {
    const r = value(repeat(resolved(), glucoseCandidate('high', 60, -30), later(30)));
    expect(r.outcome).toBe('opened');
    expect(r.alert).toMatchObject({ state: 'open', count: 1, openedAt: later(30) });
  });

  it('does not open a second alert when the job that opened the first is redelivered after resolution', () => {
    expect(value(repeat(resolved(), glucoseCandidate('high', 65, 0), later(30))).outcome).toBe('unchanged');
  });

  it('keeps the worst severity, and re-opens an acknowledged or snoozed alert when it gets worse', () => {
    const acked = value(acknowledge(high(), 'n', NOW));
    const worse = value(repeat(acked, glucoseCandidate('urgent', 48, -5), later(5))).alert;
    expect(worse).toMatchObject({ state: 'open', severity: 'urgent', urgentSince: later(5) });
    expect(worse).not.toHaveProperty('acknowledged');
    const better = value(repeat(worse, glucoseCandidate('high', 60, -6), later(6))).alert;
    expect(better).toMatchObject({ severity: 'urgent', urgentSince: later(5), latest: { severity: 'high', value: 60 } });

    const snoozed = value(snooze(high(), { by: 'n', until: later(60) }, NOW));
    expect(value(repeat(snoozed, glucoseCandidate('high', 66, -5), later(5))).alert.state).toBe('snoozed');
    const woken = value(repeat(snoozed, glucoseCandidate('urgent', 50, -5), later(5))).alert;
    expect(woken.state).toBe('open');
    expect(woken).not.toHaveProperty('snoozed');
  });

  it('refuses a candidate with another dedupe key', () => {
    expect(error(repeat(high(), { ...glucoseCandidate('high', 60, -5), dedupeKey: 'spo2-low' }, later(5))).action).toBe('repeat');
    expect(outcomeOf(repeat(high(), glucoseCandidate('high', 60, -5), later(5)))).toBe('updated');
  });
});

describe('autoResolve', () => {
  it('resolves when the rule allows it and the in-range data is newer', () => {
    expect(value(autoResolve(high(), clearAt(5), later(5)))).toMatchObject({ state: 'resolved', resolved: { by: 'system', auto: true } });
  });

  it.each<[string, ClearCheck, RegExp]>([
    ['the rule does not allow it', clearAt(5, { autoResolve: false }), /does not allow/],
    ['the in-range data is not newer', clearAt(0), /not newer/],
    ['the check is about another alert', clearAt(5, { dedupeKey: 'spo2-low' }), /another alert/],
  ])('refuses when %s', (_why, check, reason) => {
    expect(error(autoResolve(high(), check, later(5))).reason).toMatch(reason);
  });
});

describe('escalation', () => {
  const policy = defaultEscalationPolicy();

  it('notifies the first tier at once, the next ones at their delay after the alert became urgent', () => {
    const a = urgent();
    expect(nextEscalation(a, policy, NOW)).toEqual({ tier: 1, at: NOW, due: true });
    const told = value(recordEscalation(a, 1, NOW));
    expect(nextEscalation(told, policy, new Date(later(15).getTime() - 1))).toEqual({ tier: 2, at: later(15), due: false });
    expect(nextEscalation(told, policy, later(15))?.due).toBe(true);
    const all = value(recordEscalation(value(recordEscalation(told, 2, later(15))), 3, later(30)));
    expect(nextEscalation(all, policy, later(60))).toBeNull();
  });

  it('is stopped by acknowledgement and does not apply to non-urgent or resolved alerts', () => {
    expect(nextEscalation(value(acknowledge(urgent(), 'n', later(1))), policy, later(20))).toBeNull();
    expect(nextEscalation(high(), policy, later(20))).toBeNull();
    expect(nextEscalation(value(resolve(urgent(), 'n', later(1))), policy, later(20))).toBeNull();
  });

  it('counts from when an alert became urgent, not when it opened', () => {
    const worse = value(repeat(high(), glucoseCandidate('urgent', 45, -10), later(10))).alert;
    const told = value(recordEscalation(worse, 1, later(10)));
    expect(nextEscalation(told, policy, later(20))).toEqual({ tier: 2, at: later(25), due: false });
  });

  it('takes tiers in order of delay, and returns overdue ones one by one', () => {
    const shuffled = EscalationPolicy.parse({ tiers: [{ tier: 2, afterMinutes: 10 }, { tier: 1, afterMinutes: 0 }] });
    const a = urgent();
    expect(nextEscalation(a, shuffled, later(60))).toMatchObject({ tier: 1, due: true });
    expect(nextEscalation(value(recordEscalation(a, 1, later(60))), shuffled, later(60))).toMatchObject({ tier: 2, due: true });
  });

  it('records each tier once, only for urgent open alerts', () => {
    const told = value(recordEscalation(urgent(), 1, NOW));
    expect(error(recordEscalation(told, 1, NOW)).reason).toMatch(/already/);
    expect(error(recordEscalation(high(), 1, NOW)).reason).toMatch(/only urgent/);
  });

  it('rejects a policy with duplicate tiers', () => {
    expect(EscalationPolicy.safeParse({ tiers: [{ tier: 1, afterMinutes: 0 }, { tier: 1, afterMinutes: 5 }] }).success).toBe(false);
  });
});

describe('properties', () => {
  type Step = (a: Alert, now: Date) => Alert;
  const keep = <T>(t: Transition<T>, a: Alert, pick: (v: T) => Alert): Alert => (t.ok ? pick(t.value) : a);
  const self = (a: Alert) => a;
  const steps: fc.Arbitrary<Step>[] = [
    fc.constant((a: Alert, now: Date) => keep(acknowledge(a, 'n', now), a, self)),
    fc.integer({ min: 1, max: 60 }).map((m) => (a: Alert, now: Date) => keep(snooze(a, { by: 'n', until: new Date(now.getTime() + m * 60_000) }, now), a, self)),
    fc.constant((a: Alert, now: Date) => keep(resolve(a, 'n', now), a, self)),
    fc.constant((a: Alert, now: Date) => keep(addNote(a, { by: 'n', text: 'note' }, now), a, self)),
    fc.constant((a: Alert, now: Date) => keep(recordEscalation(a, nextEscalation(a, defaultEscalationPolicy(), now)?.tier ?? 9, now), a, self)),
    fc.constant((a: Alert, now: Date) => keep(autoResolve(a, { ...clearAt(0), observedAt: now }, now), a, self)),
    fc.constantFrom('info' as const, 'low' as const, 'high' as const, 'urgent' as const).map(
      (sev) => (a: Alert, now: Date) => keep(repeat(a, { ...glucoseCandidate(sev, 50), observedAt: now }, now), a, (r) => r.alert),
    ),
  ];

  it('random action sequences keep the invariants', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.oneof(...steps), fc.integer({ min: 0, max: 20 })), { maxLength: 30 }), (sequence) => {
        let alert = high();
        let now = NOW;
        for (const [step, advance] of sequence) {
          now = new Date(now.getTime() + (advance + 1) * 60_000);
          const before = settle(alert, now);
          alert = step(alert, now);
          const after = settle(alert, now);
          expect(after.count).toBeGreaterThanOrEqual(1);
          // Escalation only ever concerns open urgent alerts.
          if (nextEscalation(after, defaultEscalationPolicy(), now) !== null) expect([after.state, after.severity]).toEqual(['open', 'urgent']);
          // Resolved is final: only a note changes it, or a repeat that opens a new alert.
          if (before.state === 'resolved' && after.state === 'resolved') expect({ ...after, notes: [] }).toEqual({ ...before, notes: [] });
          if (after.state === 'snoozed') expect(after.snoozed?.until.getTime()).toBeGreaterThan(now.getTime());
          if (after.state !== 'resolved') expect(after.resolved).toBeUndefined();
        }
      }),
    );
  });
});
