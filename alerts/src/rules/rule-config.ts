import { z } from 'zod';
import { METRIC_NAMES } from '../../../common/src/metrics.ts';
import { Severity } from './severity.ts';

/**
 * Alert rule configuration: clinic defaults, per-patient overrides and their merge.
 * The default values and their clinical sources are in docs/alert-rules.md.
 */

/** Stable rule id, kebab-case; it is the first part of every dedupe key, so it never contains `:`. */
export const RuleId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'a kebab-case id of at most 63 characters');
export type RuleId = z.infer<typeof RuleId>;

/**
 * Conditions a patient can be flagged with. An enum rather than free text: a misspelt flag
 * would silently switch off the rules that need it (e.g. heart-failure weight gain).
 */
export const PatientFlag = z.enum(['heart_failure', 'diabetes', 'hypertension', 'copd']);
export type PatientFlag = z.infer<typeof PatientFlag>;

/** A canonical metric name (common/src/metrics.ts). */
export const MetricName = z.enum(METRIC_NAMES);

/** Comparison of a value with a limit: `lt` below, `lte` at or below, `gt` above, `gte` at or above. */
export const Operator = z.enum(['lt', 'lte', 'gt', 'gte']);
export type Operator = z.infer<typeof Operator>;

/** A limit and the severity of crossing it. When several levels are crossed the most severe wins. */
export const Level = z.object({ limit: z.number().finite(), severity: Severity });
export type Level = z.infer<typeof Level>;

const Levels = z.array(Level).min(1).max(8);

/** One metric compared with one or more levels, e.g. glucose `lt` 70 (high) and 54 (urgent). */
export const Condition = z.object({ metric: MetricName, operator: Operator, levels: Levels });
export type Condition = z.infer<typeof Condition>;

const Conditions = z.array(Condition).min(1).max(8);
const positive = z.number().finite().positive();

/** A window length with the gain in kg that raises an alert within it. */
export const WeightWindow = z.object({ hours: positive, gainKg: positive, severity: Severity });
export type WeightWindow = z.infer<typeof WeightWindow>;

/**
 * Builds the rule schema and the override schema of one kind from its tunable fields.
 * The tunable fields carry no `.default()`: zod keeps defaults under `.partial()`, and a default
 * inside an override would silently put back a value the clinic had changed.
 */
function ruleKind<K extends string, S extends z.ZodRawShape>(kind: K, tunable: S) {
  const rule = z.strictObject({
    id: RuleId,
    kind: z.literal(kind),
    enabled: z.boolean().default(true),
    /** Whether a return to range may close an open alert without a clinician (see lifecycle.ts). */
    autoResolve: z.boolean().default(false),
    /** The rule applies only to patients flagged with all of these. */
    requiresFlags: z.array(PatientFlag).default([]),
    ...tunable,
  });
  const override = z.strictObject({
    kind: z.literal(kind),
    ...z.object({ enabled: z.boolean(), autoResolve: z.boolean(), ...tunable }).partial().shape,
  });
  return { rule, override };
}

const threshold = ruleKind('threshold', {
  /** Checked against the newest reading of each metric; any condition crossing triggers the rule. */
  conditions: Conditions,
});

const rateOfChange = ruleKind('rate_of_change', {
  metric: MetricName,
  direction: z.enum(['falling', 'rising']),
  /** Limits in units per minute (mg/dL/min for glucose), compared as "at least this fast". */
  levels: Levels,
  /** Only points measured within this many minutes before `now` are used. */
  windowMinutes: positive,
  /** A longer gap between two points ends the run: the slope uses only points after the last such gap. */
  maxGapMinutes: positive,
  minPoints: z.number().int().min(2),
  /** The run must cover at least this long, so that 1-minute CGM noise cannot fake a trend. */
  minSpanMinutes: z.number().finite().nonnegative(),
  /** Use only points whose `source` is `cgm`: fingersticks are too sparse for a slope. */
  cgmOnly: z.boolean(),
});

const sustained = ruleKind('sustained', {
  /** Checked against the mean of each metric over the window. */
  conditions: Conditions,
  windowHours: positive,
  /** Fewer readings of a metric in the window than this and its mean is not judged. */
  minReadings: z.number().int().min(1),
});

const weightGain = ruleKind('weight_gain', {
  /** Gain = newest weight minus the lowest weight within the window before it. */
  windows: z.array(WeightWindow).min(1).max(4),
  /** Added to every window so that a daily weigh-in an hour later than yesterday's still compares with it. */
  slackHours: z.number().finite().nonnegative(),
});

const missedReadings = ruleKind('missed_readings', {
  /** A metric, or `any` for "no reading of any metric". */
  metric: z.union([MetricName, z.literal('any')]),
  hours: positive,
  severity: Severity,
});

const deviceBattery = ruleKind('device_battery', {
  /** Battery percentages, compared as "at or below". */
  levels: Levels,
});

const gatewayOffline = ruleKind('gateway_offline', {
  hours: positive,
  severity: Severity,
});

/** Any rule, discriminated by `kind`. */
export const RuleConfig = z.discriminatedUnion('kind', [
  threshold.rule,
  rateOfChange.rule,
  sustained.rule,
  weightGain.rule,
  missedReadings.rule,
  deviceBattery.rule,
  gatewayOffline.rule,
]);
export type RuleConfig = z.infer<typeof RuleConfig>;
/** A rule as written in configuration, before defaults (`enabled`, `autoResolve`, `requiresFlags`) apply. */
export type RuleConfigInput = z.input<typeof RuleConfig>;
/** `threshold`, `rate_of_change`, `sustained`, `weight_gain`, `missed_readings`, `device_battery` or `gateway_offline`. */
export type RuleKind = RuleConfig['kind'];
/** The rule type of one kind, e.g. `RuleOf<'threshold'>`. */
export type RuleOf<K extends RuleKind> = Extract<RuleConfig, { kind: K }>;

/**
 * A per-patient change to one rule: its `kind` (checked against the rule it overrides) and any
 * tunable fields, each replacing the clinic's value whole (arrays too: merging levels by position
 * would be ambiguous). `enabled: false` switches the rule off for the patient.
 */
export const RuleOverride = z.discriminatedUnion('kind', [
  threshold.override,
  rateOfChange.override,
  sustained.override,
  weightGain.override,
  missedReadings.override,
  deviceBattery.override,
  gatewayOffline.override,
]);
export type RuleOverride = z.infer<typeof RuleOverride>;

const uniqueIds = (rules: readonly { id: string }[]) => new Set(rules.map((r) => r.id)).size === rules.length;

/** A clinic's rule set; ids are unique because they key overrides and dedupe keys. */
export const ClinicRules = z.array(RuleConfig).refine(uniqueIds, 'rule ids must be unique');
export type ClinicRules = z.infer<typeof ClinicRules>;

/** What one patient changes: flags that switch on flagged rules, overrides by rule id, and rules of their own. */
export const PatientRuleOverrides = z.object({
  flags: z.array(PatientFlag).default([]),
  overrides: z.record(RuleId, RuleOverride).default({}),
  /** Rules only this patient has; an id that clashes with a clinic rule is ignored (see {@link checkOverrides}). */
  additionalRules: z.array(RuleConfig).refine(uniqueIds, 'rule ids must be unique').default([]),
});
export type PatientRuleOverrides = z.infer<typeof PatientRuleOverrides>;

/** Why part of a patient's overrides was not applied. */
export interface OverrideProblem {
  ruleId: string;
  problem: 'unknown-rule' | 'kind-mismatch' | 'duplicate-rule-id';
}

function applyOverride(rule: RuleConfig, override: RuleOverride | undefined): RuleConfig {
  if (override === undefined || override.kind !== rule.kind) return rule;
  const fields = Object.fromEntries(Object.entries(override).filter(([, v]) => v !== undefined));
  // Same kind and only that kind's fields (strict schema), so the result is a valid rule of it.
  return { ...rule, ...fields } as RuleConfig;
}

function patientRules(clinicDefaults: readonly RuleConfig[], patient: PatientRuleOverrides): RuleConfig[] {
  const clinicIds = new Set(clinicDefaults.map((r) => r.id));
  return [...clinicDefaults, ...patient.additionalRules.filter((r) => !clinicIds.has(r.id))];
}

/**
 * The rules in effect for one patient: clinic defaults with the patient's overrides applied, plus
 * the patient's own rules, keeping only those enabled and whose required flags the patient has.
 * Overrides that cannot apply (unknown rule, other kind) are skipped rather than thrown: a stale
 * override must not stop every other rule of the patient; {@link checkOverrides} reports them.
 *
 * @param clinicDefaults - the clinic's rules, already parsed with {@link ClinicRules}
 * @param patient - the patient's flags, overrides and own rules, parsed with {@link PatientRuleOverrides}
 * @example
 * effectiveRules(defaultClinicRules(), PatientRuleOverrides.parse({ overrides: { 'glucose-low': { kind: 'threshold', enabled: false } } }))
 */
export function effectiveRules(clinicDefaults: readonly RuleConfig[], patient: PatientRuleOverrides): RuleConfig[] {
  const flags = new Set(patient.flags);
  return patientRules(clinicDefaults, patient)
    .map((rule) => applyOverride(rule, patient.overrides[rule.id]))
    .filter((rule) => rule.enabled && rule.requiresFlags.every((flag) => flags.has(flag)));
}

/** The parts of a patient's overrides that {@link effectiveRules} would skip; for the API to refuse them when saved. */
export function checkOverrides(clinicDefaults: readonly RuleConfig[], patient: PatientRuleOverrides): OverrideProblem[] {
  const clinicIds = new Set(clinicDefaults.map((r) => r.id));
  const byId = new Map(patientRules(clinicDefaults, patient).map((r) => [r.id, r]));
  const clashes = patient.additionalRules
    .filter((r) => clinicIds.has(r.id))
    .map((r): OverrideProblem => ({ ruleId: r.id, problem: 'duplicate-rule-id' }));
  const overrides = Object.entries(patient.overrides).flatMap(([ruleId, override]): OverrideProblem[] => {
    const rule = byId.get(ruleId);
    if (rule === undefined) return [{ ruleId, problem: 'unknown-rule' }];
    return rule.kind === override.kind ? [] : [{ ruleId, problem: 'kind-mismatch' }];
  });
  return [...clashes, ...overrides];
}
