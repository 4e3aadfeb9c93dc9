import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addMonthsClamped, installmentSchedule, planProblem } from './installments.ts';

describe('installmentSchedule', () => {
  it('splits evenly, giving the leftover cents to the first payments', () => {
    expect(installmentSchedule(1000, 3, '2026-07-01')).toEqual([
      { seq: 1, dueDate: '2026-07-01', amountCents: 334 },
      { seq: 2, dueDate: '2026-08-01', amountCents: 333 },
      { seq: 3, dueDate: '2026-09-01', amountCents: 333 },
    ]);
    expect(installmentSchedule(60000, 6, '2026-07-15').map((i) => i.amountCents)).toEqual([10000, 10000, 10000, 10000, 10000, 10000]);
  });

  it('keeps the day of the month, clamped to short months, across years', () => {
    expect(installmentSchedule(40000, 4, '2026-11-30').map((i) => i.dueDate)).toEqual(['2026-11-30', '2026-12-30', '2027-01-30', '2027-02-28']);
    expect(installmentSchedule(30000, 3, '2028-01-31').map((i) => i.dueDate)).toEqual(['2028-01-31', '2028-02-29', '2028-03-31']);
  });

  it('always sums to the total with payments at most a cent apart', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000_000 }), fc.integer({ min: 2, max: 24 }), (total, months) => {
        const s = installmentSchedule(total, months, '2026-01-31');
        const amounts = s.map((i) => i.amountCents);
        expect(amounts.reduce((a, b) => a + b, 0)).toBe(total);
        expect(Math.max(...amounts) - Math.min(...amounts)).toBeLessThanOrEqual(1);
        expect(s.map((i) => i.seq)).toEqual(Array.from({ length: months }, (_, i) => i + 1));
        expect([...s.map((i) => i.dueDate)].sort()).toEqual(s.map((i) => i.dueDate));
      }),
    );
  });

  it('refuses impossible plans', () => {
    expect(() => installmentSchedule(0, 3, '2026-01-01')).toThrow(RangeError);
    expect(() => installmentSchedule(10.5, 3, '2026-01-01')).toThrow(RangeError);
    expect(() => installmentSchedule(1000, 1, '2026-01-01')).toThrow(RangeError);
    expect(() => installmentSchedule(1000, 25, '2026-01-01')).toThrow(RangeError);
  });
});

describe('planProblem', () => {
  it('wants a balance and monthly payments of at least $10', () => {
    expect(planProblem(0, 3)).toMatch(/no balance/);
    expect(planProblem(5999, 6)).toMatch(/below \$10/);
    expect(planProblem(6000, 6)).toBeNull();
  });
});

describe('addMonthsClamped', () => {
  it('adds months, clamping to the last day', () => {
    expect(addMonthsClamped('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonthsClamped('2026-12-15', 1)).toBe('2027-01-15');
    expect(addMonthsClamped('2026-03-31', -1)).toBe('2026-02-28');
    expect(addMonthsClamped('2026-05-10', 0)).toBe('2026-05-10');
  });
});
