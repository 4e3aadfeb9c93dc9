import { ClinicRules, type RuleConfigInput } from './rule-config.ts';

/**
 * The clinic defaults shipped with the product. Why each value, with sources: docs/alert-rules.md.
 * `autoResolve` is on only where a return to range means the problem is gone (a trend that
 * stopped, a device that came back); an out-of-range clinical event stays open until a clinician
 * has reviewed it, even when the next reading is normal.
 */
const DEFAULT_RULES = [
  {
    id: 'glucose-low',
    kind: 'threshold',
    // ADA level 1 (< 70) and level 2 (< 54) hypoglycemia.
    conditions: [{ metric: 'glucose', operator: 'lt', levels: [{ limit: 70, severity: 'high' }, { limit: 54, severity: 'urgent' }] }],
  },
  {
    id: 'glucose-high',
    kind: 'threshold',
    conditions: [{ metric: 'glucose', operator: 'gt', levels: [{ limit: 250, severity: 'high' }, { limit: 400, severity: 'urgent' }] }],
  },
  {
    id: 'bp-crisis',
    kind: 'threshold',
    // One rule for both numbers of a reading: 190/125 is one crisis, not two alerts.
    conditions: [
      { metric: 'systolic', operator: 'gte', levels: [{ limit: 180, severity: 'urgent' }] },
      { metric: 'diastolic', operator: 'gte', levels: [{ limit: 120, severity: 'urgent' }] },
    ],
  },
  {
    id: 'spo2-low',
    kind: 'threshold',
    conditions: [{ metric: 'spo2', operator: 'lt', levels: [{ limit: 90, severity: 'high' }, { limit: 85, severity: 'urgent' }] }],
  },
  {
    id: 'glucose-falling-fast',
    kind: 'rate_of_change',
    autoResolve: true,
    metric: 'glucose',
    direction: 'falling',
    levels: [{ limit: 2, severity: 'high' }, { limit: 3, severity: 'urgent' }],
    windowMinutes: 15,
    maxGapMinutes: 10,
    minPoints: 3,
    minSpanMinutes: 10,
    cgmOnly: true,
  },
  {
    id: 'bp-sustained-high',
    kind: 'sustained',
    conditions: [
      { metric: 'systolic', operator: 'gte', levels: [{ limit: 140, severity: 'low' }] },
      { metric: 'diastolic', operator: 'gte', levels: [{ limit: 90, severity: 'low' }] },
    ],
    windowHours: 7 * 24,
    minReadings: 5,
  },
  {
    id: 'hf-weight-gain',
    kind: 'weight_gain',
    requiresFlags: ['heart_failure'],
    windows: [
      { hours: 24, gainKg: 2, severity: 'high' },
      { hours: 7 * 24, gainKg: 2.5, severity: 'high' },
    ],
    slackHours: 2,
  },
  { id: 'missed-readings', kind: 'missed_readings', autoResolve: true, metric: 'any', hours: 48, severity: 'low' },
  {
    id: 'device-battery',
    kind: 'device_battery',
    autoResolve: true,
    levels: [{ limit: 20, severity: 'low' }, { limit: 10, severity: 'high' }],
  },
  { id: 'gateway-offline', kind: 'gateway_offline', autoResolve: true, hours: 24, severity: 'low' },
] as const satisfies readonly RuleConfigInput[];

/**
 * A fresh, parsed copy of the default clinic rules (a function, not a shared array, so no
 * caller can change another's defaults).
 */
export function defaultClinicRules(): ClinicRules {
  return ClinicRules.parse(DEFAULT_RULES);
}
