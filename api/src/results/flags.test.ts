import { describe, expect, it } from 'vitest';
import { computeFlag, isCritical } from './flags.ts';

describe('computeFlag', () => {
  const potassium = { range: { low: 3.5, high: 5.1 }, critical: { low: 2.5, high: 6.5 } };
  it.each([
    [2.4, 'LL'],
    [2.5, 'L'],
    [3.4, 'L'],
    [3.5, 'N'],
    [4.2, 'N'],
    [5.1, 'N'],
    [5.2, 'H'],
    [6.5, 'H'],
    [6.6, 'HH'],
  ] as const)('potassium %s mmol/L is %s', (value, flag) => {
    expect(computeFlag(value, potassium.range, potassium.critical)).toBe(flag);
  });

  it('works with one-sided ranges and without critical limits', () => {
    expect(computeFlag(72, { high: 100 }, {})).toBe('N');
    expect(computeFlag(130, { high: 100 }, {})).toBe('H');
    expect(computeFlag(45, { low: 60 }, {})).toBe('L');
  });

  it('cannot judge without a range unless the value is critical', () => {
    expect(computeFlag(7.1, {}, {})).toBeNull();
    expect(computeFlag(620, {}, { high: 500 })).toBe('HH');
    expect(computeFlag(300, { low: null, high: null }, { high: 500 })).toBeNull();
  });

  it('calls LL and HH critical, nothing else', () => {
    expect(['N', 'L', 'H', 'LL', 'HH', 'A', null].map((f) => isCritical(f as never))).toEqual([false, false, false, true, true, false, false]);
  });
});
