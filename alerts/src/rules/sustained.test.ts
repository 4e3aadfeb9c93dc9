import { describe, expect, it } from 'vitest';
import { MINUTE_MS } from './points.ts';
import { checkSustained } from './sustained.ts';
import { defaultRule, NOW, onlyCandidate, outcome, ruleWith, series } from './test-support.ts';

const rule = defaultRule('sustained', 'bp-sustained-high');
const DAY = 24 * 60;
/** One reading a day for `values.length` days, the newest an hour ago. */
const daily = (values: readonly number[]) => series(values.map((v, i) => [60 + i * DAY, v] as const));
const bp = (sys: readonly number[], dia: readonly number[]) => ({ systolic: daily(sys), diastolic: daily(dia) });

describe('sustained rule', () => {
  it('triggers when the 7-day mean reaches the limit with enough readings', () => {
    expect(outcome(checkSustained(rule, bp([138, 142, 140, 141, 139], [80, 80, 80, 80, 80]), NOW))).toBe('low');
    expect(outcome(checkSustained(rule, bp([138, 142, 139, 141, 139], [80, 80, 80, 80, 80]), NOW))).toBe('clear');
    expect(outcome(checkSustained(rule, bp([120, 120, 120, 120, 120], [90, 92, 88, 90, 90]), NOW))).toBe('low');
  });

  it('does not judge a metric with fewer than minReadings readings: one high reading is not sustained', () => {
    expect(outcome(checkSustained(rule, bp([200], [130]), NOW))).toBe('none');
    expect(outcome(checkSustained(rule, bp([150, 150, 150, 150], [95, 95, 95, 95]), NOW))).toBe('none');
    expect(outcome(checkSustained(ruleWith('sustained', 'bp-sustained-high', { minReadings: 4 }), bp([150, 150, 150, 150], [95, 95, 95, 95]), NOW))).toBe('low');
  });

  it('counts readings from exactly windowHours ago and not a millisecond before', () => {
    const edge = (offsetMs: number) => ({ at: new Date(NOW.getTime() - 7 * DAY * MINUTE_MS - offsetMs), value: 200 });
    const four = daily([130, 130, 130, 130]);
    const diastolic = daily([80, 80, 80, 80, 80]);
    expect(outcome(checkSustained(rule, { systolic: [...four, edge(0)], diastolic }, NOW))).toBe('low');
    expect(outcome(checkSustained(rule, { systolic: [...four, edge(1)], diastolic }, NOW))).toBe('none');
  });

  it('explains the mean, its count and the window', () => {
    const c = onlyCandidate(checkSustained(rule, bp([150, 140, 145, 141, 139], [80, 80, 80, 80, 80]), NOW));
    expect(c).toMatchObject({ severity: 'low', metric: 'systolic', value: 143, threshold: 140, dedupeKey: 'bp-sustained-high' });
    expect(c.message).toBe('Systolic BP averaged 143 mmHg over 7 days (5 readings), at or above 140 mmHg');
    expect(c.evidence.stats).toEqual({ 'systolic.mean': 143, 'systolic.count': 5 });
    expect(c.evidence.window).toEqual({ from: new Date(NOW.getTime() - 7 * DAY * MINUTE_MS), to: NOW });
    expect(c.evidence.points).toHaveLength(5);
  });
});
