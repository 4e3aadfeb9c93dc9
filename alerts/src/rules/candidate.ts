import type { Metric } from '../../../common/src/metrics.ts';
import type { ReadingPoint } from './inputs.ts';
import type { RuleConfig, RuleKind } from './rule-config.ts';
import type { Severity } from './severity.ts';

/** A reading behind an alert. */
export interface EvidencePoint {
  metric: Metric;
  at: Date;
  value: number;
}

/** What triggered an alert, for the clinician view and the audit of why it fired. */
export interface Evidence {
  /** The readings used, oldest first; at most {@link MAX_EVIDENCE_POINTS} (the newest) per metric. */
  points: EvidencePoint[];
  /** The time range the rule looked at, when it uses one. */
  window?: { from: Date; to: Date };
  /** Computed figures (count, mean, rate, gain, hours since...), keyed by name. */
  stats: Record<string, number>;
}

/**
 * What a rule found wrong, before the lifecycle decides whether it opens a new alert or repeats
 * an open one (see lifecycle.ts).
 */
export interface AlertCandidate {
  ruleId: string;
  ruleKind: RuleKind;
  severity: Severity;
  metric?: Metric;
  /** The figure compared with `threshold`: the reading, mean, rate, gain, hours or battery percent. */
  value?: number;
  /** Unit of `value` and `threshold` as shown to people ("mg/dL", "mg/dL/min", "h", "%"). */
  unit?: string;
  /** The limit that `value` crossed (of the most severe level crossed). */
  threshold: number;
  /** What the alert is about when a rule watches several things, e.g. a device or gateway id. */
  subject?: string;
  /**
   * One open alert per patient and key: `ruleId`, or `ruleId:subject`. The store keeps it unique
   * per patient, so the patient id is not part of it.
   */
  dedupeKey: string;
  /** Time of the newest triggering reading, or the evaluation time for scheduled rules. */
  observedAt: Date;
  /** Plain-language summary without identifiers (see format.ts). */
  message: string;
  evidence: Evidence;
  /** Copied from the rule: whether a later in-range check may close the alert. */
  autoResolve: boolean;
}

/** A rule that had the data to judge and found nothing wrong: the input to `autoResolve`. */
export interface ClearCheck {
  status: 'clear';
  ruleId: string;
  ruleKind: RuleKind;
  subject?: string;
  dedupeKey: string;
  /** Time of the newest in-range data (the oldest of them when several metrics must all be in range). */
  observedAt: Date;
  autoResolve: boolean;
}

/**
 * The outcome of one rule for one subject. A rule without enough data yields no check at all,
 * so "no data" can never be mistaken for "back in range".
 */
export type RuleCheck = { status: 'triggered'; dedupeKey: string; candidate: AlertCandidate } | ClearCheck;

/** Evidence is capped so a 7-day CGM window does not put two thousand points in one alert. */
export const MAX_EVIDENCE_POINTS = 50;

/** The dedupe key of a rule and optional subject. */
export function dedupeKeyFor(ruleId: string, subject?: string): string {
  return subject === undefined ? ruleId : `${ruleId}:${subject}`;
}

/** The newest {@link MAX_EVIDENCE_POINTS} of a canonical series of `metric` as evidence. */
export function evidencePoints(points: readonly ReadingPoint[], metric: Metric): EvidencePoint[] {
  return points.slice(-MAX_EVIDENCE_POINTS).map((p) => ({ metric, at: p.at, value: p.value }));
}

type CandidateFields = Omit<AlertCandidate, 'ruleId' | 'ruleKind' | 'dedupeKey' | 'autoResolve'>;

/** A triggered check for `rule`, filling in the fields that come from the rule. */
export function triggered(rule: RuleConfig, fields: CandidateFields): RuleCheck {
  const dedupeKey = dedupeKeyFor(rule.id, fields.subject);
  return { status: 'triggered', dedupeKey, candidate: { ruleId: rule.id, ruleKind: rule.kind, dedupeKey, autoResolve: rule.autoResolve, ...fields } };
}

/** A clear check for `rule` (and `subject`) as of `observedAt`. */
export function clear(rule: RuleConfig, observedAt: Date, subject?: string): RuleCheck {
  return {
    status: 'clear',
    ruleId: rule.id,
    ruleKind: rule.kind,
    dedupeKey: dedupeKeyFor(rule.id, subject),
    observedAt,
    autoResolve: rule.autoResolve,
    ...(subject === undefined ? {} : { subject }),
  };
}
