import { describe, expect, it } from 'vitest';
import { DEFAULT_PROFILE, bloodPressureAt, glucoseAt, weightAt } from './physiology.ts';

const day0 = Date.UTC(2026, 0, 5);
const every5min = (days: number) => Array.from({ length: (days * 1440) / 5 }, (_, i) => day0 + i * 300_000);

describe('physiological model', () => {
  it('is deterministic for a seed', () => {
    expect(glucoseAt(DEFAULT_PROFILE, day0 + 123_456)).toBe(glucoseAt(DEFAULT_PROFILE, day0 + 123_456));
    expect(bloodPressureAt(DEFAULT_PROFILE, day0)).toEqual(bloodPressureAt(DEFAULT_PROFILE, day0));
  });

  it('gives plausible glucose with meal peaks, and some lows and highs over a month', () => {
    const g = every5min(30).map((t) => glucoseAt({ ...DEFAULT_PROFILE, lowsPerDay: 0.3 }, t));
    expect(Math.min(...g)).toBeGreaterThanOrEqual(40);
    expect(Math.max(...g)).toBeLessThanOrEqual(400);
    const mean = g.reduce((a, b) => a + b, 0) / g.length;
    expect(mean).toBeGreaterThan(110);
    expect(mean).toBeLessThan(200);
    expect(g.some((v) => v < 70)).toBe(true);
    expect(g.some((v) => v > 180)).toBe(true);
    // post-breakfast (08:30 UTC) is higher than 04:00 on most days
    const higher = Array.from({ length: 30 }, (_, d) => glucoseAt(DEFAULT_PROFILE, day0 + d * 86_400_000 + 8.5 * 3_600_000) > glucoseAt(DEFAULT_PROFILE, day0 + d * 86_400_000 + 4 * 3_600_000));
    expect(higher.filter(Boolean).length).toBeGreaterThan(20);
  });

  it('gives blood pressure around the baseline with occasional hypertensive readings', () => {
    const bp = Array.from({ length: 120 }, (_, i) => bloodPressureAt(DEFAULT_PROFILE, day0 + i * 43_200_000));
    const meanSys = bp.reduce((a, b) => a + b.systolic, 0) / bp.length;
    expect(meanSys).toBeGreaterThan(125);
    expect(meanSys).toBeLessThan(150);
    expect(bp.every((b) => b.systolic > b.diastolic)).toBe(true);
    expect(weightAt(DEFAULT_PROFILE, day0)).toBeGreaterThan(75);
  });
});
