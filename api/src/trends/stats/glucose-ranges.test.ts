import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { classifyGlucose, CONSENSUS_TARGETS, resolveTargets, timeInRanges } from './glucose-ranges.ts';

describe('glucose ranges (International Consensus on Time in Range 2019)', () => {
  it.each([
    [53, 'belowLevel2'],
    [53.9, 'belowLevel2'],
    [54, 'belowLevel1'],
    [69, 'belowLevel1'],
    [69.9, 'belowLevel1'],
    [70, 'inRange'],
    [180, 'inRange'],
    [180.4, 'aboveLevel1'],
    [181, 'aboveLevel1'],
    [250, 'aboveLevel1'],
    [251, 'aboveLevel2'],
  ] as const)('%d mg/dL is %s', (v, range) => {
    expect(classifyGlucose(v, CONSENSUS_TARGETS)).toBe(range);
  });

  it('counts readings in each range with cumulative below and above', () => {
    // 10 readings: 2 below 54, 1 in 54–69, 5 in 70–180, 1 in 181–250, 1 above 250
    const r = timeInRanges([40, 50, 60, 70, 90, 120, 150, 180, 200, 300], CONSENSUS_TARGETS);
    expect(r.belowLevel2).toEqual({ count: 2, percent: 20 });
    expect(r.belowLevel1).toEqual({ count: 1, percent: 10 });
    expect(r.below).toEqual({ count: 3, percent: 30 });
    expect(r.inRange).toEqual({ count: 5, percent: 50 });
    expect(r.aboveLevel1).toEqual({ count: 1, percent: 10 });
    expect(r.aboveLevel2).toEqual({ count: 1, percent: 10 });
    expect(r.above).toEqual({ count: 2, percent: 20 });
  });

  it('uses a patient’s own targets over the consensus ones (pregnancy 63–140)', () => {
    const t = resolveTargets({ lowBelow: 63, highAbove: 140 });
    expect(t).toEqual({ veryLowBelow: 54, lowBelow: 63, highAbove: 140, veryHighAbove: 250 });
    expect(classifyGlucose(65, t)).toBe('inRange');
    expect(classifyGlucose(62, t)).toBe('belowLevel1');
    expect(classifyGlucose(150, t)).toBe('aboveLevel1');
  });

  it('refuses targets out of order or not finite', () => {
    expect(() => resolveTargets({ lowBelow: 200 })).toThrow(RangeError);
    expect(() => resolveTargets({ highAbove: Number.NaN })).toThrow(RangeError);
  });

  it('has null percentages, not NaN, with no readings', () => {
    expect(timeInRanges([], CONSENSUS_TARGETS).inRange).toEqual({ count: 0, percent: null });
  });

  it('splits every reading into exactly one range: the five shares sum to 100', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 10, max: 600, noNaN: true }), { minLength: 1, maxLength: 300 }), (values) => {
        const r = timeInRanges(values, CONSENSUS_TARGETS);
        const parts = [r.belowLevel2, r.belowLevel1, r.inRange, r.aboveLevel1, r.aboveLevel2];
        expect(parts.reduce((n, p) => n + p.count, 0)).toBe(values.length);
        expect(parts.reduce((s, p) => s + p.percent!, 0)).toBeCloseTo(100, 9);
        expect(r.below.count).toBe(r.belowLevel2.count + r.belowLevel1.count);
        expect(r.above.count).toBe(r.aboveLevel1.count + r.aboveLevel2.count);
      }),
    );
  });
});
