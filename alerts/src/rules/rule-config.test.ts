import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { METRIC_NAMES } from '../../../common/src/metrics.ts';
import { defaultClinicRules } from './default-rules.ts';
import { checkOverrides, ClinicRules, effectiveRules, PatientRuleOverrides, RuleConfig, RuleOverride } from './rule-config.ts';
import { SEVERITIES } from './severity.ts';

const defaults = defaultClinicRules();
const ids = (rules: readonly { id: string }[]) => rules.map((r) => r.id);
const patient = (input: unknown) => PatientRuleOverrides.parse(input);
const rule = (rules: readonly RuleConfig[], id: string) => rules.find((r) => r.id === id);

describe('rule schemas', () => {
  it('parses the defaults, with unique ids and every rule enabled', () => {
    expect(ids(defaults)).toEqual([
      'glucose-low',
      'glucose-high',
      'bp-crisis',
      'spo2-low',
      'glucose-falling-fast',
      'bp-sustained-high',
      'hf-weight-gain',
      'missed-readings',
      'device-battery',
      'gateway-offline',
    ]);
    expect(defaults.every((r) => r.enabled)).toBe(true);
  });

  it('returns a fresh copy each time', () => {
    const mine = defaultClinicRules();
    mine[0]!.enabled = false;
    expect(defaultClinicRules()[0]!.enabled).toBe(true);
  });

  it('fills enabled, autoResolve and requiresFlags when omitted', () => {
    const r = RuleConfig.parse({ id: 'x', kind: 'gateway_offline', hours: 12, severity: 'low' });
    expect(r).toMatchObject({ enabled: true, autoResolve: false, requiresFlags: [] });
  });

  it.each<[string, unknown]>([
    ['an unknown field (a typo must not be ignored)', { id: 'x', kind: 'gateway_offline', hours: 12, severity: 'low', limt: 3 }],
    ['an id with a colon (it would break dedupe keys)', { id: 'a:b', kind: 'gateway_offline', hours: 12, severity: 'low' }],
    ['an unknown metric', { id: 'x', kind: 'threshold', conditions: [{ metric: 'mood', operator: 'lt', levels: [{ limit: 1, severity: 'low' }] }] }],
    ['no levels', { id: 'x', kind: 'device_battery', levels: [] }],
    ['an unknown severity', { id: 'x', kind: 'gateway_offline', hours: 12, severity: 'critical' }],
    ['a zero window', { id: 'x', kind: 'missed_readings', metric: 'any', hours: 0, severity: 'low' }],
    ['an unknown flag', { id: 'x', kind: 'gateway_offline', hours: 1, severity: 'low', requiresFlags: ['heart-failure'] }],
  ])('rejects %s', (_why, input) => {
    expect(RuleConfig.safeParse(input).success).toBe(false);
  });

  it('rejects duplicate ids in a clinic rule set', () => {
    expect(ClinicRules.safeParse([...defaults, defaults[0]]).success).toBe(false);
  });

  it('rejects an override with fields of another kind', () => {
    expect(RuleOverride.safeParse({ kind: 'threshold', hours: 3 }).success).toBe(false);
    expect(RuleOverride.safeParse({ kind: 'missed_readings', hours: 3 }).success).toBe(true);
  });
});

describe('effectiveRules', () => {
  it('applies the defaults, leaving out heart-failure weight gain for a patient without the flag', () => {
    expect(ids(effectiveRules(defaults, patient({})))).toEqual(ids(defaults).filter((id) => id !== 'hf-weight-gain'));
    expect(ids(effectiveRules(defaults, patient({ flags: ['heart_failure'] })))).toEqual(ids(defaults));
  });

  it('lets an override disable a rule', () => {
    const rules = effectiveRules(defaults, patient({ overrides: { 'glucose-low': { kind: 'threshold', enabled: false } } }));
    expect(rule(rules, 'glucose-low')).toBeUndefined();
    expect(rules).toHaveLength(defaults.length - 2);
  });

  it('lets an override change thresholds and keeps every other field', () => {
    const levels = [{ limit: 88, severity: 'high' }, { limit: 84, severity: 'urgent' }];
    const conditions = [{ metric: 'spo2', operator: 'lt', levels }];
    const rules = effectiveRules(defaults, patient({ flags: ['copd'], overrides: { 'spo2-low': { kind: 'threshold', conditions } } }));
    expect(rule(rules, 'spo2-low')).toEqual({ ...rule(defaults, 'spo2-low'), conditions });
  });

  it('does not put back defaults the override leaves out (a disabled clinic rule stays disabled)', () => {
    const clinic = defaults.map((r) => (r.id === 'gateway-offline' ? { ...r, enabled: false } : r));
    const rules = effectiveRules(clinic, patient({ overrides: { 'gateway-offline': { kind: 'gateway_offline', hours: 6 } } }));
    expect(rule(rules, 'gateway-offline')).toBeUndefined();
  });

  it('adds the patient\'s own rules, but not over a clinic rule of the same id', () => {
    const own = { id: 'glucose-missed', kind: 'missed_readings', metric: 'glucose', hours: 6, severity: 'high' };
    const clash = { id: 'glucose-low', kind: 'missed_readings', metric: 'glucose', hours: 1, severity: 'high' };
    const p = patient({ additionalRules: [own, clash] });
    const rules = effectiveRules(defaults, p);
    expect(rule(rules, 'glucose-missed')).toMatchObject(own);
    expect(rule(rules, 'glucose-low')?.kind).toBe('threshold');
    expect(checkOverrides(defaults, p)).toEqual([{ ruleId: 'glucose-low', problem: 'duplicate-rule-id' }]);
  });

  it('skips overrides that cannot apply, and reports them', () => {
    const p = patient({
      overrides: {
        'no-such-rule': { kind: 'threshold', enabled: false },
        'glucose-low': { kind: 'missed_readings', hours: 1 },
      },
    });
    expect(rule(effectiveRules(defaults, p), 'glucose-low')).toEqual(rule(defaults, 'glucose-low'));
    expect(checkOverrides(defaults, p)).toEqual([
      { ruleId: 'no-such-rule', problem: 'unknown-rule' },
      { ruleId: 'glucose-low', problem: 'kind-mismatch' },
    ]);
  });

  it('property: any valid threshold override yields a valid rule with exactly the overridden fields changed', () => {
    const level = fc.record({ limit: fc.double({ min: -1e6, max: 1e6, noNaN: true }), severity: fc.constantFrom(...SEVERITIES) });
    const condition = fc.record({
      metric: fc.constantFrom(...METRIC_NAMES),
      operator: fc.constantFrom('lt' as const, 'lte' as const, 'gt' as const, 'gte' as const),
      levels: fc.array(level, { minLength: 1, maxLength: 3 }),
    });
    const override = fc.record(
      { enabled: fc.boolean(), autoResolve: fc.boolean(), conditions: fc.array(condition, { minLength: 1, maxLength: 3 }) },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(override, (fields) => {
        const p = patient({ overrides: { 'bp-crisis': { kind: 'threshold', ...fields } } });
        const merged = effectiveRules(defaults, p);
        const crisis = rule(merged, 'bp-crisis');
        if (fields.enabled === false) return crisis === undefined;
        expect(RuleConfig.parse(crisis)).toEqual(crisis);
        expect(crisis).toEqual({ ...rule(defaults, 'bp-crisis'), ...fields });
        return true;
      }),
    );
  });
});
