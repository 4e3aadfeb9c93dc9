import { describe, expect, it } from 'vitest';
import { checkRateOfChange } from './rate-of-change.ts';
import { defaultRule, NOW, onlyCandidate, outcome, ruleWith, series } from './test-support.ts';

const rule = defaultRule('rate_of_change', 'glucose-falling-fast');
/** CGM samples every 5 minutes over the last 15, falling `perMinute` mg/dL each minute to 100 now. */
const falling = (perMinute: number, minutes = [15, 10, 5, 0]) => ({ glucose: series(minutes.map((m) => [m, 100 + perMinute * m] as const), 'cgm') });

describe('rate-of-change rule', () => {
  it.each([
    [1.9, 'clear'],
    [2, 'high'],
    [2.9, 'high'],
    [3, 'urgent'],
    [-3, 'clear'],
  ])('falling %s mg/dL/min → %s', (rate, expected) => {
    expect(outcome(checkRateOfChange(rule, falling(rate), NOW))).toBe(expected);
  });

  it('can watch a rise instead', () => {
    const rising = ruleWith('rate_of_change', 'glucose-falling-fast', { direction: 'rising' });
    expect(outcome(checkRateOfChange(rising, falling(-3), NOW))).toBe('urgent');
  });

  it('uses only the run after the last gap longer than maxGapMinutes', () => {
    // 30 mg/dL/min between 14 and 3 minutes ago, then flat: only the flat run counts, and it is too short.
    const gapped = { glucose: series([[14, 430], [3, 100], [2, 100], [1, 100], [0, 100]], 'cgm') };
    expect(outcome(checkRateOfChange(rule, gapped, NOW))).toBe('none');
    // With the gap allowed the whole window is one run and the fall is seen.
    expect(outcome(checkRateOfChange(ruleWith('rate_of_change', 'glucose-falling-fast', { maxGapMinutes: 11 }), gapped, NOW))).toBe('urgent');
  });

  it('accepts a gap of exactly maxGapMinutes', () => {
    expect(outcome(checkRateOfChange(rule, falling(2, [15, 5, 0]), NOW))).toBe('high');
    expect(outcome(checkRateOfChange(rule, falling(2, [15.01, 5, 0]), NOW))).toBe('none');
  });

  it('ignores points outside the window', () => {
    const oldFall = { glucose: series([[30, 200], [25, 180], [20, 160], [10, 100], [5, 100], [0, 100]], 'cgm') };
    expect(outcome(checkRateOfChange(rule, oldFall, NOW))).toBe('clear');
  });

  it('needs minPoints points spanning minSpanMinutes', () => {
    expect(outcome(checkRateOfChange(rule, falling(3, [10, 0]), NOW))).toBe('none');
    expect(outcome(checkRateOfChange(rule, falling(3, [4, 2, 0]), NOW))).toBe('none');
    expect(outcome(checkRateOfChange(rule, falling(3, [10, 5, 0]), NOW))).toBe('urgent');
  });

  it('uses only CGM samples unless told otherwise', () => {
    const spot = { glucose: falling(3).glucose.map(({ at, value }) => ({ at, value, source: 'spot' as const })) };
    expect(outcome(checkRateOfChange(rule, spot, NOW))).toBe('none');
    expect(outcome(checkRateOfChange(ruleWith('rate_of_change', 'glucose-falling-fast', { cgmOnly: false }), spot, NOW))).toBe('urgent');
  });

  it('fits a line, so one noisy sample does not decide', () => {
    // Last-minus-first would say 2 mg/dL/min (130 → 100 in 15 min); the fit says 1.92.
    const noisy = { glucose: series([[15, 130], [10, 126], [5, 120], [0, 100]], 'cgm') };
    expect(outcome(checkRateOfChange(rule, noisy, NOW))).toBe('clear');
  });

  it('reports the rate against the limit, with the current value and the points used', () => {
    const c = onlyCandidate(checkRateOfChange(rule, falling(2.5), NOW));
    expect(c).toMatchObject({ severity: 'high', metric: 'glucose', value: 2.5, unit: 'mg/dL/min', threshold: 2, observedAt: NOW, autoResolve: true });
    expect(c.message).toBe('Glucose falling 2.5 mg/dL/min over 15 min (now 100 mg/dL); limit 2 mg/dL/min');
    expect(c.evidence.points.map((p) => p.value)).toEqual([137.5, 125, 112.5, 100]);
    expect(c.evidence.stats).toEqual({ rate: 2.5, spanMinutes: 15, count: 4 });
  });
});
