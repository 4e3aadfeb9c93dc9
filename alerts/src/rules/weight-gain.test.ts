import { describe, expect, it } from 'vitest';
import { defaultRule, NOW, onlyCandidate, outcome, series } from './test-support.ts';
import { checkWeightGain } from './weight-gain.ts';

const rule = defaultRule('weight_gain', 'hf-weight-gain');
const H = 60;
const weights = (pairs: readonly (readonly [hoursAgo: number, kg: number])[]) => ({ body_weight: series(pairs.map(([h, kg]) => [h * H, kg] as const)) });

describe('weight-gain rule', () => {
  it('24 h: triggers at exactly 2 kg, despite floating point (82.1 - 80.1)', () => {
    expect(outcome(checkWeightGain(rule, weights([[24, 80.1], [0, 82.1]]), NOW))).toBe('high');
    expect(outcome(checkWeightGain(rule, weights([[24, 80.1], [0, 82.05]]), NOW))).toBe('clear');
  });

  it('24 h: still compares with yesterday\'s weigh-in taken up to slackHours earlier in the day', () => {
    expect(outcome(checkWeightGain(rule, weights([[25.9, 80], [0, 82]]), NOW))).toBe('high');
    // Outside 24 h + 2 h slack, it is only a 7-day gain, and 2 kg is under that window's 2.5 kg.
    expect(outcome(checkWeightGain(rule, weights([[26.1, 80], [0, 82]]), NOW))).toBe('clear');
  });

  it('7 days: triggers at 2.5 kg when no single day gained 2 kg', () => {
    const week = weights([[6 * 24, 80], [4 * 24, 81], [24, 81.5], [0, 82.5]]);
    const c = onlyCandidate(checkWeightGain(rule, week, NOW));
    expect(c).toMatchObject({ severity: 'high', metric: 'body_weight', value: 2.5, unit: 'kg', threshold: 2.5, dedupeKey: 'hf-weight-gain' });
    expect(c.message).toBe('Weight up 2.5 kg in 7 days (80 → 82.5 kg; limit 2.5 kg)');
    expect(c.evidence.stats).toEqual({ 'gainKg.168h': 2.5 });
    expect(outcome(checkWeightGain(rule, weights([[6 * 24, 80], [0, 82.4]]), NOW))).toBe('clear');
  });

  it('7 days: ignores weights older than the window', () => {
    expect(outcome(checkWeightGain(rule, weights([[8 * 24, 78], [3 * 24, 81], [0, 82]]), NOW))).toBe('clear');
  });

  it('compares with the lowest weight in the window, not the oldest', () => {
    const dip = weights([[3 * 24, 81], [2 * 24, 79.5], [24, 80.5], [0, 82]]);
    expect(onlyCandidate(checkWeightGain(rule, dip, NOW)).evidence.points.map((p) => p.value)).toEqual([79.5, 82]);
  });

  it('names every window crossed, at the most severe level', () => {
    const c = onlyCandidate(checkWeightGain(rule, weights([[5 * 24, 79], [20, 80], [0, 82]]), NOW));
    expect(c.message).toBe('Weight up 2 kg in 24 h (80 → 82 kg; limit 2 kg); weight up 3 kg in 7 days (79 → 82 kg; limit 2.5 kg)');
    expect(c).toMatchObject({ value: 2, threshold: 2 });
  });

  it('needs two weighings in a window, and a loss is clear', () => {
    expect(outcome(checkWeightGain(rule, weights([[0, 90]]), NOW))).toBe('none');
    expect(outcome(checkWeightGain(rule, {}, NOW))).toBe('none');
    expect(outcome(checkWeightGain(rule, weights([[24, 84], [0, 80]]), NOW))).toBe('clear');
  });
});
