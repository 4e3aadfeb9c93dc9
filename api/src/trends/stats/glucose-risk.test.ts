import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bgRisk, glycemicRisk, hbgiCategory, kovatchevF, lbgiCategory } from './glucose-risk.ts';

// Hand computation of f(BG) = 1.509 × (ln(BG)^1.084 − 5.381) and r = 10 f²:
//   BG   ln BG      ln^1.084   f           r
//   50   3.912023   4.386954   −1.500015   22.500445
//   70   4.248495   4.797411   −0.880636    7.755206
//  112.5 4.722953   5.380809   −0.000288    0.000001   (the centre of the scale)
//  180   5.192957   5.963614    0.879165    7.729312
//  250   5.521461   6.373625    1.497872   22.436200
describe('Kovatchev risk transform', () => {
  it.each([
    [50, -1.500015, 22.500445],
    [70, -0.880636, 7.755206],
    [180, 0.879165, 7.729312],
    [250, 1.497872, 22.4362],
  ])('f(%d) = %d, r = %d', (bg, f, r) => {
    expect(kovatchevF(bg)).toBeCloseTo(f, 5);
    const { rl, rh } = bgRisk(bg);
    expect(rl + rh).toBeCloseTo(r, 5);
    expect(f < 0 ? rh : rl).toBe(0);
  });

  it('is about 0 at 112.5 mg/dL, the centre of the symmetrized scale', () => {
    expect(Math.abs(kovatchevF(112.5))).toBeLessThan(0.001);
  });

  it('refuses values below 1 mg/dL, where ln(BG) is negative', () => {
    expect(() => kovatchevF(0.5)).toThrow(RangeError);
    expect(() => kovatchevF(Number.NaN)).toThrow(RangeError);
  });
});

describe('LBGI and HBGI', () => {
  it('averages the low and high risks over all readings', () => {
    // [70, 180]: LBGI = (7.755206 + 0) / 2 = 3.877603 (moderate); HBGI = (0 + 7.729312) / 2 = 3.864656 (low)
    const r = glycemicRisk([70, 180]);
    expect(r.lbgi).toBeCloseTo(3.877603, 5);
    expect(r.hbgi).toBeCloseTo(3.864656, 5);
    expect([r.lbgiCategory, r.hbgiCategory]).toEqual(['moderate', 'low']);
  });

  it('is null with no readings', () => {
    expect(glycemicRisk([])).toEqual({ lbgi: null, hbgi: null, lbgiCategory: null, hbgiCategory: null });
  });

  it.each([
    [0, 'minimal'],
    [1.1, 'minimal'],
    [1.11, 'low'],
    [2.5, 'low'],
    [2.51, 'moderate'],
    [5, 'moderate'],
    [5.01, 'high'],
  ] as const)('LBGI %d is %s', (v, c) => expect(lbgiCategory(v)).toBe(c));

  it.each([
    [0, 'low'],
    [4.5, 'low'],
    [4.51, 'moderate'],
    [9, 'moderate'],
    [9.01, 'high'],
  ] as const)('HBGI %d is %s', (v, c) => expect(hbgiCategory(v)).toBe(c));

  it('is never negative, and a reading adds to one index only', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 10, max: 600, noNaN: true }), { minLength: 1, maxLength: 100 }), (values) => {
        const r = glycemicRisk(values);
        expect(r.lbgi!).toBeGreaterThanOrEqual(0);
        expect(r.hbgi!).toBeGreaterThanOrEqual(0);
        for (const v of values) expect(Math.min(bgRisk(v).rl, bgRisk(v).rh)).toBe(0);
      }),
    );
  });
});
