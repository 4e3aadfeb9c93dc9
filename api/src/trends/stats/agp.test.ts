import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { agpProfile } from './agp.ts';
import { localCalendar } from './time-zone.ts';
import { at, cgmSeries } from './test-helpers.ts';

const berlin = localCalendar('Europe/Berlin');

describe('AGP percentile curves by local time of day', () => {
  it('computes the percentiles of each hourly bin over all days', () => {
    // 07:10 CET on three days (06:10Z) with 100, 120, 140, and 07:50 on day 1 with 200: bin 07:00–08:00
    // holds sorted [100, 120, 140, 200] (n − 1 = 3):
    //   p5:  h = 0.15 → 100 + 0.15 × 20 = 103      p25: h = 0.75 → 100 + 0.75 × 20 = 115
    //   p50: h = 1.5  → 120 + 0.5 × 20 = 130       p75: h = 2.25 → 140 + 0.25 × 60 = 155
    //   p95: h = 2.85 → 140 + 0.85 × 60 = 191
    const points = [
      { t: at('2026-01-12T06:10:00Z'), v: 100 },
      { t: at('2026-01-13T06:10:00Z'), v: 120 },
      { t: at('2026-01-14T06:10:00Z'), v: 140 },
      { t: at('2026-01-12T06:50:00Z'), v: 200 },
      { t: at('2026-01-12T22:30:00Z'), v: 90 }, // 23:30 CET
    ];
    const agp = agpProfile(points, berlin, 60);
    expect(agp.bins).toHaveLength(24);
    const seven = agp.bins[7]!;
    expect([seven.startMinute, seven.endMinute, seven.count]).toEqual([420, 480, 4]);
    expect(seven.p5).toBeCloseTo(103, 12);
    expect(seven.p25).toBeCloseTo(115, 12);
    expect(seven.p50).toBeCloseTo(130, 12);
    expect(seven.p75).toBeCloseTo(155, 12);
    expect(seven.p95).toBeCloseTo(191, 12);
    expect(agp.bins[23]).toMatchObject({ count: 1, p5: 90, p95: 90 });
    expect(agp.bins[0]).toEqual({ startMinute: 0, endMinute: 60, count: 0, p5: null, p25: null, p50: null, p75: null, p95: null });
  });

  it('follows the wall clock across DST: the repeated 01:30 lands twice in the 01:00 bin', () => {
    const ny = localCalendar('America/New_York');
    // 05:30Z = 01:30 EDT and 06:30Z = 01:30 EST on 1 Nov 2026
    const agp = agpProfile([{ t: at('2026-11-01T05:30:00Z'), v: 100 }, { t: at('2026-11-01T06:30:00Z'), v: 110 }], ny, 60);
    expect(agp.bins[1]!.count).toBe(2);
    // summer and winter 07:00 local share a bin though 11:00Z and 12:00Z differ
    const summerWinter = agpProfile([{ t: at('2026-07-01T11:00:00Z'), v: 100 }, { t: at('2026-12-01T12:00:00Z'), v: 200 }], ny, 60);
    expect(summerWinter.bins[7]!.count).toBe(2);
  });

  it('defaults to 96 bins of 15 minutes and refuses widths that do not divide the day', () => {
    expect(agpProfile([], berlin).bins).toHaveLength(96);
    expect(() => agpProfile([], berlin, 7)).toThrow(RangeError);
    expect(() => agpProfile([], berlin, 0)).toThrow(RangeError);
  });

  it('keeps each bin’s curves ordered: p5 ≤ p25 ≤ p50 ≤ p75 ≤ p95', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 40, max: 400 }), { minLength: 1, maxLength: 600 }), (values) => {
        const agp = agpProfile(cgmSeries(at('2026-01-12T00:00:00Z'), values.length, (i) => values[i]!, 7), berlin);
        expect(agp.bins.reduce((n, b) => n + b.count, 0)).toBe(values.length);
        for (const b of agp.bins.filter((x) => x.count > 0)) {
          expect(b.p5!).toBeLessThanOrEqual(b.p25!);
          expect(b.p25!).toBeLessThanOrEqual(b.p50!);
          expect(b.p50!).toBeLessThanOrEqual(b.p75!);
          expect(b.p75!).toBeLessThanOrEqual(b.p95!);
        }
      }),
      { numRuns: 50 },
    );
  });
});
