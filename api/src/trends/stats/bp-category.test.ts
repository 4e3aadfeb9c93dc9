import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BP_CATEGORIES, classifyBloodPressure, higherCategory } from './bp-category.ts';

describe('ACC/AHA 2017 categories', () => {
  it.each([
    [119, 79, 'normal'],
    [120, 79, 'elevated'],
    [129, 79, 'elevated'],
    [130, 79, 'stage1'],
    [119, 80, 'stage1'], // diastolic alone: 80–89 is stage 1, never "elevated"
    [139, 89, 'stage1'],
    [128, 82, 'stage1'], // elevated by systolic, stage 1 by diastolic: the higher
    [140, 70, 'stage2'],
    [110, 90, 'stage2'],
    [125, 95, 'stage2'],
    [180, 120, 'stage2'], // crisis needs > 180 and/or > 120
    [181, 100, 'crisis'],
    [150, 121, 'crisis'],
  ] as const)('%d/%d is %s', (s, d, category) => {
    expect(classifyBloodPressure(s, d)).toBe(category);
  });

  it('never lowers the category when a pressure rises', () => {
    const mmHg = fc.integer({ min: 40, max: 300 });
    fc.assert(
      fc.property(mmHg, mmHg, fc.integer({ min: 0, max: 60 }), (s, d, rise) => {
        const rank = (c: string) => BP_CATEGORIES.indexOf(c as never);
        expect(rank(classifyBloodPressure(s + rise, d))).toBeGreaterThanOrEqual(rank(classifyBloodPressure(s, d)));
        expect(rank(classifyBloodPressure(s, d + rise))).toBeGreaterThanOrEqual(rank(classifyBloodPressure(s, d)));
      }),
    );
    expect(higherCategory('crisis', 'normal')).toBe('crisis');
  });
});
