import { describe, expect, it } from 'vitest';
import { canonical } from './points.ts';

const at = (min: number) => new Date(Date.UTC(2026, 5, 1, 8, min));

describe('canonical point order', () => {
  it('returns points already in time-then-value order as they are, without copying or sorting', () => {
    const ps = [
      { at: at(0), value: 90, source: 'cgm' as const },
      { at: at(5), value: 80, source: 'cgm' as const },
      { at: at(5), value: 85, source: 'cgm' as const },
    ];
    expect(canonical(ps)).toBe(ps);
  });

  it('sorts by time then value and drops values that are not finite', () => {
    const ps = [
      { at: at(5), value: 85, source: 'spot' as const },
      { at: at(0), value: Number.NaN, source: 'spot' as const },
      { at: at(5), value: 80, source: 'spot' as const },
      { at: at(1), value: 100, source: 'spot' as const },
    ];
    expect(canonical(ps).map((p) => p.value)).toEqual([100, 80, 85]);
    expect(canonical(undefined)).toEqual([]);
  });
});
