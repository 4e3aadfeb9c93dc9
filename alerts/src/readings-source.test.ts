import { describe, expect, it } from 'vitest';
import { lookbackByMetric } from './readings-source.ts';
import { defaultClinicRules } from './rules/default-rules.ts';
import { effectiveRules, PatientRuleOverrides } from './rules/rule-config.ts';

const HOUR = 3_600_000;

describe('lookbackByMetric', () => {
  it('takes, per metric, the longest window of the rules that read it', () => {
    const rules = effectiveRules(defaultClinicRules(), PatientRuleOverrides.parse({ flags: ['heart_failure'] }));
    expect(Object.fromEntries(lookbackByMetric(rules))).toEqual({
      glucose: 24 * HOUR, // threshold's newest reading beats the 15-minute rate-of-change window
      systolic: 7 * 24 * HOUR, // the 7-day sustained mean
      diastolic: 7 * 24 * HOUR,
      spo2: 24 * HOUR,
      body_weight: (7 * 24 + 2) * HOUR, // the 7-day weight window plus its slack
    });
  });

  it('reads no points for scheduled rules alone, and caps any window at 31 days', () => {
    const scheduled = defaultClinicRules().filter((r) => ['missed_readings', 'device_battery', 'gateway_offline'].includes(r.kind));
    expect(lookbackByMetric(scheduled).size).toBe(0);
    const long = effectiveRules(defaultClinicRules(), PatientRuleOverrides.parse({ overrides: { 'bp-sustained-high': { kind: 'sustained', windowHours: 24 * 365 } } }));
    expect(lookbackByMetric(long).get('systolic')).toBe(31 * 24 * HOUR);
  });
});
