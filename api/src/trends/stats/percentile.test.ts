import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { coefficientOfVariation, mean, percentile, percentiles, sampleSd, summarize } from './percentile.ts';

const finite = fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true });
const sample = fc.array(finite, { minLength: 1, maxLength: 60 });
const fraction = fc.double({ min: 0, max: 1, noNaN: true });

describe('percentile (PostgreSQL percentile_cont)', () => {
  it('interpolates between the neighbouring rows', () => {
    // sorted [1, 2, 3, 4]; h = 0.25 × (4 − 1) = 0.75; lo = 0, hi = 1 → 1 + 0.75 × (2 − 1) = 1.75
    expect(percentile([4, 1, 3, 2], 0.25)).toBe(1.75);
    // [10, 20, 30], p = 0.9: h = 0.9 × 2 = 1.8; 20 + 0.8 × (30 − 20) = 28
    expect(percentile([30, 10, 20], 0.9)).toBeCloseTo(28, 12);
    // 0…13, p = 0.25: h = 0.25 × 13 = 3.25 → 3 + 0.25 × 1 = 3.25
    expect(percentile([...Array(14).keys()], 0.25)).toBe(3.25);
  });

  it('returns the row itself when h is whole', () => {
    // [10, 11, 12, 13], p = 1/3: h = 1 exactly → x[1] = 11
    expect(percentile([13, 12, 11, 10], 1 / 3)).toBe(11);
    // even count median: h = 0.5 × 3 = 1.5 → 2 + 0.5 × (3 − 2) = 2.5
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2.5);
  });

  it('evaluates lo + f × (hi − lo) in that order, as float8_lerp does', () => {
    // 0.1 + 0.3 × (0.7 − 0.1) = 0.28 in IEEE doubles; (1 − f)·lo + f·hi would give 0.27999999999999997
    expect(percentile([0.1, 0.7], 0.3)).toBe(0.28);
  });

  it('gives the extremes at 0 and 1, the value itself for one row, and null for none', () => {
    expect(percentile([5, 9, 7], 0)).toBe(5);
    expect(percentile([5, 9, 7], 1)).toBe(9);
    expect(percentile([7], 0.37)).toBe(7);
    expect(percentile([], 0.5)).toBeNull();
  });

  it('refuses fractions outside [0, 1] with PostgreSQL’s message, and non-finite values', () => {
    expect(() => percentile([1], 1.1)).toThrow('percentile value 1.1 is not between 0 and 1');
    expect(() => percentile([1], -0.1)).toThrow(RangeError);
    expect(() => percentile([1], Number.NaN)).toThrow(RangeError);
    expect(() => percentile([1, Number.NaN], 0.5)).toThrow(RangeError);
  });

  it('percentiles() matches percentile() one by one', () => {
    fc.assert(
      fc.property(sample, fc.array(fraction, { maxLength: 6 }), (xs, ps) => {
        expect(percentiles(xs, ps)).toEqual(ps.map((p) => percentile(xs, p)));
      }),
    );
  });

  it('is monotone in p and stays between min and max', () => {
    fc.assert(
      fc.property(sample, fraction, fraction, (xs, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const pLo = percentile(xs, lo)!;
        const pHi = percentile(xs, hi)!;
        expect(pLo).toBeLessThanOrEqual(pHi);
        expect(pLo).toBeGreaterThanOrEqual(Math.min(...xs));
        expect(pHi).toBeLessThanOrEqual(Math.max(...xs));
      }),
    );
  });

  it('does not depend on the order of the input', () => {
    fc.assert(
      fc.property(sample, fraction, (xs, p) => {
        expect(percentile([...xs].reverse(), p)).toBe(percentile(xs, p));
      }),
    );
  });
});

describe('mean, sample SD and CV', () => {
  // [2, 4, 4, 4, 5, 5, 7, 9]: sum 40, mean 5; squared deviations 9+1+1+1+0+0+4+16 = 32;
  // sample variance 32/7 = 4.571428…; SD √4.571428 = 2.1380899353; CV 100 × 2.1380899353 / 5 = 42.7617987 %
  const xs = [2, 4, 4, 4, 5, 5, 7, 9];

  it('computes the hand-worked example', () => {
    expect(mean(xs)).toBe(5);
    expect(sampleSd(xs)).toBeCloseTo(2.1380899353, 9);
    expect(coefficientOfVariation(xs)).toBeCloseTo(42.7617987, 6);
    expect(summarize(xs)).toEqual({ count: 8, mean: 5, sd: sampleSd(xs), min: 2, max: 9 });
  });

  it('is null where SQL is NULL: no values, or one value for the SD', () => {
    expect(mean([])).toBeNull();
    expect(sampleSd([])).toBeNull();
    expect(sampleSd([120])).toBeNull(); // stddev_samp of one row is NULL
    expect(coefficientOfVariation([120])).toBeNull();
    expect(summarize([])).toEqual({ count: 0, mean: null, sd: null, min: null, max: null });
  });

  it('has no CV when the mean is 0', () => {
    expect(coefficientOfVariation([-1, 1])).toBeNull();
  });

  it('gives SD 0 for equal values and keeps the mean between min and max', () => {
    fc.assert(
      fc.property(sample, (values) => {
        const s = summarize(values);
        expect(s.mean!).toBeGreaterThanOrEqual(s.min! - 1e-9 * Math.abs(s.min!));
        expect(s.mean!).toBeLessThanOrEqual(s.max! + 1e-9 * Math.abs(s.max!));
        expect(sampleSd([values[0]!, values[0]!])).toBe(0);
      }),
    );
  });
});
