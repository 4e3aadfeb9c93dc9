import { describe, expect, it } from 'vitest';
import type { Metric } from '../../../common/src/metrics.ts';
import { defaultRule, onlyCandidate, outcome, reading, series } from './test-support.ts';
import { checkThreshold } from './threshold.ts';

const glucoseLow = defaultRule('threshold', 'glucose-low');
const bpCrisis = defaultRule('threshold', 'bp-crisis');

describe('threshold rules at their boundaries', () => {
  it.each<[string, Metric, number, string]>([
    ['glucose-low', 'glucose', 70, 'clear'],
    ['glucose-low', 'glucose', 69.9, 'high'],
    ['glucose-low', 'glucose', 54, 'high'],
    ['glucose-low', 'glucose', 53.9, 'urgent'],
    ['glucose-low', 'glucose', 40, 'urgent'],
    ['glucose-high', 'glucose', 250, 'clear'],
    ['glucose-high', 'glucose', 250.1, 'high'],
    ['glucose-high', 'glucose', 400, 'high'],
    ['glucose-high', 'glucose', 400.1, 'urgent'],
    ['spo2-low', 'spo2', 90, 'clear'],
    ['spo2-low', 'spo2', 89.9, 'high'],
    ['spo2-low', 'spo2', 85, 'high'],
    ['spo2-low', 'spo2', 84.9, 'urgent'],
  ])('%s: %s %s → %s', (id, metric, value, expected) => {
    expect(outcome(checkThreshold(defaultRule('threshold', id), reading(metric, value)))).toBe(expected);
  });

  it.each([
    [179, 119, 'clear'],
    [180, 80, 'urgent'],
    [150, 120, 'urgent'],
    [179.9, 119.9, 'clear'],
  ])('bp-crisis: %s/%s mmHg → %s', (sys, dia, expected) => {
    expect(outcome(checkThreshold(bpCrisis, { ...reading('systolic', sys), ...reading('diastolic', dia) }))).toBe(expected);
  });
});

describe('threshold candidate', () => {
  it('describes the crossing in plain words, with value, limit and evidence', () => {
    const c = onlyCandidate(checkThreshold(glucoseLow, reading('glucose', 52, 3)));
    expect(c).toMatchObject({
      ruleId: 'glucose-low',
      ruleKind: 'threshold',
      severity: 'urgent',
      metric: 'glucose',
      value: 52,
      unit: 'mg/dL',
      threshold: 54,
      dedupeKey: 'glucose-low',
      autoResolve: false,
      message: 'Glucose 52 mg/dL is below 54 mg/dL',
    });
    expect(c.observedAt).toEqual(series([[3, 0]])[0]!.at);
    expect(c.evidence.points).toEqual([{ metric: 'glucose', at: c.observedAt, value: 52 }]);
  });

  it('reports both numbers of a crisis reading in one candidate', () => {
    const c = onlyCandidate(checkThreshold(bpCrisis, { ...reading('systolic', 190), ...reading('diastolic', 125) }));
    expect(c.message).toBe('Systolic BP 190 mmHg is at or above 180 mmHg; diastolic BP 125 mmHg is at or above 120 mmHg');
    expect(c).toMatchObject({ metric: 'systolic', value: 190, threshold: 180 });
    expect(c.evidence.points.map((p) => p.metric)).toEqual(['systolic', 'diastolic']);
  });
});

describe('which reading counts', () => {
  it('judges only the newest reading: an earlier low followed by a normal value is clear', () => {
    expect(outcome(checkThreshold(glucoseLow, { glucose: series([[30, 50], [5, 110]]) }))).toBe('clear');
    expect(outcome(checkThreshold(glucoseLow, { glucose: series([[30, 110], [5, 50]]) }))).toBe('urgent');
  });

  it('keeps the worst of readings that share the newest time', () => {
    expect(outcome(checkThreshold(glucoseLow, { glucose: series([[0, 110], [0, 50]]) }))).toBe('urgent');
  });

  it('counts a reading dated slightly after now (residual clock skew)', () => {
    expect(outcome(checkThreshold(glucoseLow, { glucose: series([[5, 110], [-1, 50]]) }))).toBe('urgent');
  });

  it('has no check without data, and ignores non-finite values', () => {
    expect(outcome(checkThreshold(glucoseLow, {}))).toBe('none');
    expect(outcome(checkThreshold(glucoseLow, { glucose: series([[0, Number.NaN]]) }))).toBe('none');
  });

  it('is clear only when every condition has data, and as of the oldest of their newest readings', () => {
    expect(outcome(checkThreshold(bpCrisis, reading('systolic', 120)))).toBe('none');
    expect(outcome(checkThreshold(bpCrisis, reading('systolic', 185)))).toBe('urgent');
    const [check] = checkThreshold(bpCrisis, { ...reading('systolic', 120, 1), ...reading('diastolic', 80, 2) });
    expect(check).toMatchObject({ status: 'clear', dedupeKey: 'bp-crisis', observedAt: series([[2, 0]])[0]!.at });
  });

});
