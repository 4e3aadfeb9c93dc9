import { describe, expect, it } from 'vitest';
import { bpFlag, type BpSums } from './bp-flag.ts';

const P = '00000000-0000-4000-8000-000000000101';
const WINDOW = { from: Date.parse('2026-05-26T04:00:00Z'), to: Date.parse('2026-06-01T16:00:00Z') };
const sums = (n: number, systolic: number, diastolic: number): BpSums => ({ systolic: { n, sum: n * systolic }, diastolic: { n, sum: n * diastolic } });

describe('bp_high: 7-day mean at or above 140/90 from 5 readings', () => {
  it('139.9 systolic is not flagged; 140.0 is', () => {
    expect(bpFlag(P, sums(10, 139.9, 80), WINDOW)).toBeNull();
    expect(bpFlag(P, sums(10, 140, 80), WINDOW)?.code).toBe('bp_high');
  });

  it('89.9 diastolic is not flagged; 90.0 is', () => {
    expect(bpFlag(P, sums(10, 120, 89.9), WINDOW)).toBeNull();
    expect(bpFlag(P, sums(10, 120, 90), WINDOW)?.code).toBe('bp_high');
  });

  it('needs 5 readings of both numbers', () => {
    expect(bpFlag(P, sums(4, 170, 100), WINDOW)).toBeNull();
    expect(bpFlag(P, { systolic: { n: 5, sum: 850 }, diastolic: { n: 4, sum: 400 } }, WINDOW)).toBeNull();
    expect(bpFlag(P, sums(5, 170, 100), WINDOW)?.code).toBe('bp_high');
    expect(bpFlag(P, null, WINDOW)).toBeNull();
  });

  it('gives the means with one decimal and links the BP report of the window', () => {
    const f = bpFlag(P, { systolic: { n: 12, sum: 12 * 146.25 }, diastolic: { n: 12, sum: 12 * 88 } }, WINDOW)!;
    expect(f.reason).toBe('7-day mean 146.3/88.0 mmHg over 12 readings (limit 140/90)');
    expect(f.evidence).toBe(`/v1/patients/${P}/reports/blood-pressure?from=2026-05-26T04%3A00%3A00.000Z&to=2026-06-01T16%3A00%3A00.000Z`);
  });
});
