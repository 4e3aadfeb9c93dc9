import type { Metric } from '../../../common/src/metrics.ts';
import type { AlertCandidate, ClearCheck, RuleCheck } from './candidate.ts';
import { defaultClinicRules } from './default-rules.ts';
import type { ReadingPoint } from './inputs.ts';
import { HOUR_MS, MINUTE_MS } from './points.ts';
import { RuleConfig, type RuleConfigInput, type RuleKind, type RuleOf } from './rule-config.ts';

/** Shared fixtures for the rule tests (not itself a test file). */

/** A fixed evaluation time. */
export const NOW = new Date('2026-03-02T12:00:00.000Z');

export const minutesAgo = (m: number, from: Date = NOW): Date => new Date(from.getTime() - m * MINUTE_MS);
export const hoursAgo = (h: number, from: Date = NOW): Date => new Date(from.getTime() - h * HOUR_MS);

/** Points from `[minutesAgo, value]` pairs. */
export const series = (pairs: readonly (readonly [number, number])[], source?: ReadingPoint['source']): ReadingPoint[] =>
  pairs.map(([m, value]) => ({ at: minutesAgo(m), value, ...(source === undefined ? {} : { source }) }));

/** One reading of `metric` taken `m` minutes ago (default: now). */
export const reading = (metric: Metric, value: number, m = 0): Partial<Record<Metric, ReadingPoint[]>> => ({ [metric]: series([[m, value]]) });

/** A default clinic rule by id, checked to be of `kind`. */
export function defaultRule<K extends RuleKind>(kind: K, id: string): RuleOf<K> {
  const rule = defaultClinicRules().find((r) => r.id === id);
  if (rule?.kind !== kind) throw new Error(`no default ${kind} rule ${id}`);
  return rule as RuleOf<K>;
}

/** A default rule with some fields changed, parsed so defaults and validation apply. */
export function ruleWith<K extends RuleKind>(kind: K, id: string, changes: Partial<RuleConfigInput>): RuleOf<K> {
  return RuleConfig.parse({ ...defaultRule(kind, id), ...changes }) as RuleOf<K>;
}

export const triggeredOf = (checks: readonly RuleCheck[]): AlertCandidate[] => checks.flatMap((c) => (c.status === 'triggered' ? [c.candidate] : []));
export const clearOf = (checks: readonly RuleCheck[]): ClearCheck[] => checks.flatMap((c) => (c.status === 'clear' ? [c] : []));

/** The only check, which must be triggered. */
export function onlyCandidate(checks: readonly RuleCheck[]): AlertCandidate {
  if (checks.length !== 1 || checks[0]!.status !== 'triggered') throw new Error(`expected one triggered check, got ${JSON.stringify(checks)}`);
  return checks[0]!.candidate;
}

/** The outcome of each check: severity when triggered, 'clear', or 'none' when there was no check. */
export const outcome = (checks: readonly RuleCheck[]): string =>
  checks.length === 0 ? 'none' : checks.map((c) => (c.status === 'triggered' ? c.candidate.severity : 'clear')).join(',');

/** A glucose-low candidate observed `m` minutes before NOW. */
export function glucoseCandidate(severity: AlertCandidate['severity'], value: number, m = 0): AlertCandidate {
  return {
    ruleId: 'glucose-low',
    ruleKind: 'threshold',
    severity,
    metric: 'glucose',
    value,
    unit: 'mg/dL',
    threshold: severity === 'urgent' ? 54 : 70,
    dedupeKey: 'glucose-low',
    observedAt: minutesAgo(m),
    message: `Glucose ${value} mg/dL`,
    evidence: { points: [{ metric: 'glucose', at: minutesAgo(m), value }], stats: {} },
    autoResolve: true,
  };
}
