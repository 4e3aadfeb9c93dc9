import type { AlertCandidate, RuleCheck } from './candidate.ts';
import { checkDeviceBattery, checkGatewayOffline } from './device-health.ts';
import type { RecentPoints, ScheduledInput } from './inputs.ts';
import { checkMissedReadings } from './missed-readings.ts';
import { checkRateOfChange } from './rate-of-change.ts';
import type { RuleConfig, RuleKind, RuleOf } from './rule-config.ts';
import { checkSustained } from './sustained.ts';
import { checkThreshold } from './threshold.ts';
import { checkWeightGain } from './weight-gain.ts';

/** When a kind of rule is judged: on each new reading, or on the periodic schedule. */
export type Trigger = 'reading' | 'schedule';

/** Everything an evaluation may look at; each kind reads only its part. */
interface EvaluationInput {
  points: RecentPoints;
  scheduled: ScheduledInput;
  now: Date;
}

type Checker<K extends RuleKind> = (rule: RuleOf<K>, input: EvaluationInput) => RuleCheck[];

/** The one dispatch table: for every rule kind, when it runs and how it is checked. */
const RULE_KINDS: { [K in RuleKind]: { trigger: Trigger; check: Checker<K> } } = {
  threshold: { trigger: 'reading', check: (rule, { points }) => checkThreshold(rule, points) },
  rate_of_change: { trigger: 'reading', check: (rule, { points, now }) => checkRateOfChange(rule, points, now) },
  sustained: { trigger: 'reading', check: (rule, { points, now }) => checkSustained(rule, points, now) },
  weight_gain: { trigger: 'reading', check: (rule, { points, now }) => checkWeightGain(rule, points, now) },
  missed_readings: { trigger: 'schedule', check: (rule, { scheduled, now }) => checkMissedReadings(rule, scheduled, now) },
  device_battery: { trigger: 'schedule', check: (rule, { scheduled, now }) => checkDeviceBattery(rule, scheduled, now) },
  gateway_offline: { trigger: 'schedule', check: (rule, { scheduled, now }) => checkGatewayOffline(rule, scheduled, now) },
};

/** When rules of `kind` are judged. */
export const triggerOf = (kind: RuleKind): Trigger => RULE_KINDS[kind].trigger;

function checkRule<K extends RuleKind>(rule: RuleOf<K>, input: EvaluationInput): RuleCheck[] {
  // Generic over K so that TypeScript pairs the rule with the checker of its own kind, without a cast.
  const check: Checker<K> = RULE_KINDS[rule.kind].check;
  return check(rule, input);
}

function checkAll(trigger: Trigger, rules: readonly RuleConfig[], input: EvaluationInput): RuleCheck[] {
  return rules.filter((rule) => rule.enabled && triggerOf(rule.kind) === trigger).flatMap((rule) => checkRule(rule, input));
}

const candidates = (checks: readonly RuleCheck[]): AlertCandidate[] => checks.flatMap((c) => (c.status === 'triggered' ? [c.candidate] : []));

/**
 * Every reading-triggered rule's outcome, in rule order: a triggered candidate or a clear check
 * per rule and subject, nothing for a rule without enough data. The worker opens or repeats
 * alerts from the candidates and offers the clear checks to `autoResolve`.
 *
 * @param rules - the patient's effective rules (see `effectiveRules`); disabled ones are skipped
 * @param points - the patient's recent readings by metric, at least as far back as the longest window
 * @param now - the evaluation time; windows end here
 */
export function checkReadingRules(rules: readonly RuleConfig[], points: RecentPoints, now: Date): RuleCheck[] {
  return checkAll('reading', rules, { points, scheduled: { lastReadingAt: {}, gateways: [], devices: [] }, now });
}

/** The candidates of {@link checkReadingRules}: what is wrong, judged from readings. */
export function evaluateReadingRules(rules: readonly RuleConfig[], points: RecentPoints, now: Date): AlertCandidate[] {
  return candidates(checkReadingRules(rules, points, now));
}

/**
 * Every scheduled rule's outcome (missed readings, device battery, gateway offline); see
 * {@link checkReadingRules} for the shape.
 */
export function checkScheduledRules(rules: readonly RuleConfig[], input: ScheduledInput, now: Date): RuleCheck[] {
  return checkAll('schedule', rules, { points: {}, scheduled: input, now });
}

/** The candidates of {@link checkScheduledRules}. */
export function evaluateScheduledRules(rules: readonly RuleConfig[], input: ScheduledInput, now: Date): AlertCandidate[] {
  return candidates(checkScheduledRules(rules, input, now));
}
