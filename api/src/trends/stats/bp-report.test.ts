import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bpReport, inLocalWindow, type BpReading } from './bp-report.ts';
import { BpReport } from './schemas.ts';
import { at, conforming } from './test-helpers.ts';

const NY = { timeZone: 'America/New_York' };
const report = (readings: readonly BpReading[], options: Partial<Parameters<typeof bpReport>[1]> = {}) =>
  conforming(BpReport, bpReport(readings, { ...NY, ...options }));

describe('BP report', () => {
  // New York in January (EST, UTC−5). Local times and categories:
  const readings: BpReading[] = [
    { t: at('2026-01-12T12:00:00Z'), systolic: 132, diastolic: 84, pulse: 70 }, // Mon 07:00 morning, stage 1
    { t: at('2026-01-13T02:00:00Z'), systolic: 124, diastolic: 78, pulse: 66 }, // Mon 21:00 evening, elevated
    { t: at('2026-01-13T11:30:00Z'), systolic: 140, diastolic: 88, pulse: 72 }, // Tue 06:30 morning, stage 2
    { t: at('2026-01-14T00:30:00Z'), systolic: 118, diastolic: 76 }, //            Tue 19:30 evening, normal, no pulse
    { t: new Date('2026-01-13T19:00:00Z'), systolic: 126, diastolic: 80, pulse: 68 }, // Tue 14:00, stage 1
    { t: at('2026-01-14T08:59:00Z'), systolic: 150, diastolic: 95, pulse: null }, // Wed 03:59, not yet morning, stage 2
  ];
  const r = report(readings);

  it('averages the period with counts and sample SD', () => {
    // systolic 132+124+140+118+126+150 = 790 / 6 = 131.667; squared deviations sum 683.333 / 5 = 136.667 → SD 11.6905
    expect(r.period.count).toBe(6);
    expect(r.period.systolic.mean).toBeCloseTo(131.6667, 4);
    expect(r.period.systolic.sd).toBeCloseTo(11.6905, 4);
    expect([r.period.systolic.min, r.period.systolic.max]).toEqual([118, 150]);
    // diastolic 501 / 6 = 83.5; deviations² 0.25+30.25+20.25+56.25+12.25+132.25 = 251.5 / 5 = 50.3 → SD 7.0922
    expect(r.period.diastolic.mean).toBe(83.5);
    expect(r.period.diastolic.sd).toBeCloseTo(7.0922, 4);
    // pulse only where given: (70+66+72+68)/4 = 69; deviations² 1+9+9+1 = 20 / 3 → SD 2.5820
    expect(r.period.pulse.count).toBe(4);
    expect(r.period.pulse.mean).toBe(69);
    expect(r.period.pulse.sd).toBeCloseTo(2.582, 3);
    // average 131.667/83.5 rounds to 132/84 (half up): stage 1
    expect(r.period.averageCategory).toBe('stage1');
  });

  it('averages mornings (04:00–11:59) and evenings (18:00–23:59) in local time', () => {
    // morning: 132/84 and 140/88 → 136/86, stage 1; 03:59 is left out
    expect(r.morning).toMatchObject({ count: 2, window: { startMinute: 240, endMinute: 720 }, averageCategory: 'stage1' });
    expect([r.morning.systolic.mean, r.morning.diastolic.mean, r.morning.pulse.mean]).toEqual([136, 86, 71]);
    expect(r.morning.systolic.sd).toBeCloseTo(Math.sqrt(32), 12); // (±4)² × 2 / 1
    // evening: 124/78 and 118/76 → 121/77, elevated; only one pulse (66)
    expect(r.evening).toMatchObject({ count: 2, window: { startMinute: 1080, endMinute: 1440 }, averageCategory: 'elevated' });
    expect([r.evening.systolic.mean, r.evening.diastolic.mean, r.evening.pulse.mean, r.evening.pulse.count]).toEqual([121, 77, 66, 1]);
  });

  it('categorises every reading, oldest first, and counts the categories', () => {
    expect(r.readings.map((x) => x.category)).toEqual(['stage1', 'elevated', 'stage2', 'stage1', 'normal', 'stage2']);
    expect(r.readings[0]).toEqual({ t: '2026-01-12T12:00:00.000Z', systolic: 132, diastolic: 84, category: 'stage1' });
    expect(r.categoryCounts).toEqual({ normal: 1, elevated: 1, stage1: 2, stage2: 2, crisis: 0 });
  });

  it('classifies the rounded average, as it is displayed: 129.5/79 shows as 130/79, stage 1', () => {
    const x = report([
      { t: at('2026-01-12T12:00:00Z'), systolic: 129, diastolic: 79 },
      { t: at('2026-01-12T13:00:00Z'), systolic: 130, diastolic: 79 },
    ]);
    expect(x.period.systolic.mean).toBe(129.5);
    expect(x.period.averageCategory).toBe('stage1');
  });

  it('uses the wall clock across DST: 08:30 after the spring change is still morning', () => {
    // 12:30Z on 8 Mar 2026 is 08:30 EDT (07:30 by the old EST offset); 22:30Z on 1 Nov is 17:30 EST, not evening
    const x = report([
      { t: at('2026-03-08T12:30:00Z'), systolic: 120, diastolic: 70 },
      { t: at('2026-11-01T22:30:00Z'), systolic: 120, diastolic: 70 },
    ]);
    expect([x.morning.count, x.evening.count]).toEqual([1, 0]);
  });

  it('takes windows from options, including ones that wrap past midnight', () => {
    const night = { startMinute: 22 * 60, endMinute: 5 * 60 };
    expect([inLocalWindow(23 * 60, night), inLocalWindow(60, night), inLocalWindow(12 * 60, night)]).toEqual([true, true, false]);
    // 21:00 Mon and 03:59 Wed fall in 20:00–04:00
    const x = report(readings, { evening: { startMinute: 20 * 60, endMinute: 4 * 60 } });
    expect(x.evening.count).toBe(2);
    expect(x.evening.systolic.mean).toBe((124 + 150) / 2);
  });

  it('with no readings gives counts 0 and null averages', () => {
    const x = report([]);
    expect(x.period).toEqual({
      count: 0,
      systolic: { count: 0, mean: null, sd: null, min: null, max: null },
      diastolic: { count: 0, mean: null, sd: null, min: null, max: null },
      pulse: { count: 0, mean: null, sd: null, min: null, max: null },
      averageCategory: null,
    });
    expect(x.readings).toEqual([]);
  });

  it('refuses non-finite pressures and malformed windows', () => {
    expect(() => report([{ t: 0, systolic: Number.NaN, diastolic: 80 }])).toThrow(RangeError);
    expect(() => report([{ t: 0, systolic: 120, diastolic: 80, pulse: Number.POSITIVE_INFINITY }])).toThrow(RangeError);
    expect(() => report([], { morning: { startMinute: 300, endMinute: 300 } })).toThrow(RangeError);
    expect(() => report([], { evening: { startMinute: 1080, endMinute: 1500 } })).toThrow(RangeError);
    expect(() => report([], { evening: { startMinute: 1440, endMinute: 60 } })).toThrow(RangeError);
  });

  it('counts every reading in exactly one category', () => {
    const reading = fc.record({ t: fc.integer({ min: 0, max: 2e12 }), systolic: fc.integer({ min: 60, max: 260 }), diastolic: fc.integer({ min: 30, max: 160 }) });
    fc.assert(
      fc.property(fc.array(reading, { maxLength: 50 }), (rs) => {
        const x = report(rs);
        expect(Object.values(x.categoryCounts).reduce((a, b) => a + b, 0)).toBe(rs.length);
        expect(x.morning.count + x.evening.count).toBeLessThanOrEqual(rs.length);
      }),
      { numRuns: 50 },
    );
  });
});
