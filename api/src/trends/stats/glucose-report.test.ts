import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { glucoseReport, gmi, type GlucoseReportOptions } from './glucose-report.ts';
import { GlucoseReport } from './schemas.ts';
import { at, cgmSeries, conforming, DAY } from './test-helpers.ts';

// 14 local days in Berlin (no DST change in January): 5 Jan 00:00 CET to 19 Jan 00:00 CET.
const FROM = at('2026-01-04T23:00:00Z');
const TO = FROM + 14 * DAY;
const berlin: GlucoseReportOptions = { timeZone: 'Europe/Berlin', period: { from: FROM, to: TO } };
/** 14 days × 288 five-minute readings a day. */
const FULL = 4032;

const report = (points: Parameters<typeof glucoseReport>[0], options: Partial<GlucoseReportOptions> = {}) =>
  conforming(GlucoseReport, glucoseReport(points, { ...berlin, ...options }));
const constant = (v: number, count = FULL) => cgmSeries(FROM, count, () => v);

describe('glucose report: hand-computed 14-day fixture', () => {
  // Every 5 minutes for 14 days, cycling through 8 values, so each value is 504 of 4032 readings (12.5 %):
  const CYCLE = [45, 60, 80, 100, 120, 150, 200, 300];
  const r = report(cgmSeries(FROM, FULL, (i) => CYCLE[i % 8]!));

  it('has full CGM wear and sufficient data', () => {
    expect(r.count).toBe(FULL);
    expect(r.expectedReadings).toBe(FULL);
    expect(r.cgmActivePercent).toBe(100);
    expect(r.period.days).toBe(14);
    expect(r.daysWithData).toBe(14);
    expect(r.sufficientData).toBe(true);
    expect(r.insufficientReasons).toEqual([]);
  });

  it('computes mean, SD, CV and GMI', () => {
    // mean = (45+60+80+100+120+150+200+300)/8 = 1055/8 = 131.875
    expect(r.meanGlucose).toBeCloseTo(131.875, 9);
    // population variance = mean of squares − square of mean = 188925/8 − 131.875² = 23615.625 − 17391.015625
    //   = 6224.609375; sample variance × 4032/4031 = 6226.1536…; SD = 78.905979; CV = 100 × 78.905979 / 131.875 = 59.8339 %
    expect(r.sd).toBeCloseTo(78.905979, 5);
    expect(r.cvPercent).toBeCloseTo(59.8339, 3);
    expect(r.unstable).toBe(true); // > 36 %
    // GMI % = 3.31 + 0.02392 × 131.875 = 3.31 + 3.15445 = 6.46445
    // GMI mmol/mol = 12.71 + 4.70587 × (131.875 / 18.016 = 7.319882) = 12.71 + 34.446415 = 47.156415
    expect(r.gmi!.percent).toBeCloseTo(6.46445, 9);
    expect(r.gmi!.mmolPerMol).toBeCloseTo(47.156415, 5);
  });

  it('splits time in ranges 12.5 % a value', () => {
    // < 54: 45 | 54–69: 60 | 70–180: 80, 100, 120, 150 | 181–250: 200 | > 250: 300
    expect(r.ranges.belowLevel2).toEqual({ count: 504, percent: 12.5 });
    expect(r.ranges.belowLevel1).toEqual({ count: 504, percent: 12.5 });
    expect(r.ranges.below).toEqual({ count: 1008, percent: 25 });
    expect(r.ranges.inRange).toEqual({ count: 2016, percent: 50 });
    expect(r.ranges.aboveLevel1).toEqual({ count: 504, percent: 12.5 });
    expect(r.ranges.aboveLevel2).toEqual({ count: 504, percent: 12.5 });
    expect(r.ranges.above).toEqual({ count: 1008, percent: 25 });
  });

  it('computes LBGI and HBGI', () => {
    // r = 10 f² per value: 45 → 28.664576, 60 → 13.570602, 80 → 4.015354, 100 → 0.482051 (f < 0: low risk);
    // 120 → 0.144131, 150 → 2.885654, 200 → 11.604748, 300 → 33.951988 (f > 0: high risk).
    // LBGI = 46.732583 / 8 = 5.841573 (> 5: high); HBGI = 48.586521 / 8 = 6.073315 (4.5–9: moderate)
    expect(r.risk.lbgi).toBeCloseTo(5.841573, 5);
    expect(r.risk.hbgi).toBeCloseTo(6.073315, 5);
    expect([r.risk.lbgiCategory, r.risk.hbgiCategory]).toEqual(['high', 'moderate']);
  });

  it('gives the AGP 96 bins with every reading in one of them', () => {
    expect(r.agp.binMinutes).toBe(15);
    expect(r.agp.bins).toHaveLength(96);
    // 3 readings per 15 minutes × 14 days
    expect(r.agp.bins.every((b) => b.count === 42)).toBe(true);
  });
});

describe('glucose report: consensus edge cases', () => {
  it('gaps only reduce active time: 9 of 14 days worn is 64.3 %, insufficient', () => {
    // 9 × 288 = 2592 readings; 2592 / 4032 = 64.2857 % < 70 %
    const r = report(constant(120, 9 * 288));
    expect(r.cgmActivePercent).toBeCloseTo(64.2857, 3);
    expect(r.sufficientData).toBe(false);
    expect(r.insufficientReasons).toEqual(['cgm-active-below-minimum']);
    expect(r.daysWithData).toBe(9);
    expect(r.meanGlucose).toBe(120); // still computed
    expect(r.ranges.inRange.percent).toBe(100); // gaps are not interpolated
  });

  it('puts the 70 % line where the consensus does', () => {
    // 70 % of 4032 = 2822.4: 2823 readings (70.02 %) suffice, 2822 (69.99 %) do not
    expect(report(constant(120, 2823)).sufficientData).toBe(true);
    expect(report(constant(120, 2822)).insufficientReasons).toEqual(['cgm-active-below-minimum']);
  });

  it('flags a period shorter than 14 days even with full wear', () => {
    const r = report(constant(120, 13 * 288), { period: { from: FROM, to: FROM + 13 * DAY } });
    expect(r.cgmActivePercent).toBe(100);
    expect(r.insufficientReasons).toEqual(['period-shorter-than-minimum']);
  });

  it('all in range: TIR 100 %, no variability, minimal risk', () => {
    const r = report(constant(120));
    expect(r.ranges.inRange.percent).toBe(100);
    expect([r.ranges.below.count, r.ranges.above.count]).toEqual([0, 0]);
    expect(r.sd).toBe(0);
    expect(r.cvPercent).toBe(0);
    expect(r.unstable).toBe(false);
    // f(120) = 0.120055 > 0: r = 0.144131 counts as high risk only
    expect(r.risk).toMatchObject({ lbgi: 0, lbgiCategory: 'minimal', hbgiCategory: 'low' });
    expect(r.risk.hbgi).toBeCloseTo(0.144131, 5);
  });

  it('all low: every reading is level 2 hypoglycemia', () => {
    const r = report(constant(50));
    expect(r.ranges.belowLevel2.percent).toBe(100);
    expect(r.ranges.below.percent).toBe(100);
    expect(r.ranges.inRange.percent).toBe(0);
    // f(50) = −1.500015: LBGI = 22.500445 (high); GMI = 3.31 + 0.02392 × 50 = 4.506
    expect(r.risk.lbgi).toBeCloseTo(22.500445, 5);
    expect(r.risk.lbgiCategory).toBe('high');
    expect(r.gmi!.percent).toBeCloseTo(4.506, 9);
  });

  it('a single reading: its value as the mean, no SD or CV, insufficient', () => {
    const r = report([{ t: FROM + DAY, v: 150 }]);
    expect(r).toMatchObject({ count: 1, meanGlucose: 150, sd: null, cvPercent: null, unstable: null, daysWithData: 1 });
    expect(r.gmi!.percent).toBeCloseTo(3.31 + 0.02392 * 150, 12); // 6.898
    expect(r.insufficientReasons).toEqual(['cgm-active-below-minimum']);
    expect(r.agp.bins.filter((b) => b.count === 1)).toHaveLength(1);
  });

  it('no readings: count 0, null statistics, insufficient', () => {
    const r = report([]);
    expect(r).toMatchObject({
      count: 0,
      cgmActivePercent: 0,
      sufficientData: false,
      insufficientReasons: ['no-readings', 'cgm-active-below-minimum'],
      meanGlucose: null,
      sd: null,
      cvPercent: null,
      unstable: null,
      gmi: null,
      risk: { lbgi: null, hbgi: null, lbgiCategory: null, hbgiCategory: null },
    });
    expect(r.ranges.inRange).toEqual({ count: 0, percent: null });
    expect(r.agp.bins.every((b) => b.count === 0 && b.p50 === null)).toBe(true);
  });

  it('counts 14 local days across a DST change but expects readings for the 335 hours that elapsed', () => {
    // New York, 1 Mar 00:00 EST (05:00Z) to 15 Mar 00:00 EDT (04:00Z): clocks sprang forward on 8 Mar,
    // so the period lasts 14 × 24 − 1 = 335 h and expects 335 × 12 = 4020 readings.
    const from = at('2026-03-01T05:00:00Z');
    const to = at('2026-03-15T04:00:00Z');
    const r = report(cgmSeries(from, 4020, () => 110), { timeZone: 'America/New_York', period: { from, to } });
    expect(r.period.days).toBe(14);
    expect(r.expectedReadings).toBe(4020);
    expect(r.cgmActivePercent).toBe(100);
    expect(r.sufficientData).toBe(true);
  });

  it('leaves readings outside the period out, and says how many', () => {
    const r = report([...constant(120, 10), { t: FROM - 1, v: 400 }, { t: TO, v: 400 }]);
    expect(r.count).toBe(10);
    expect(r.ignoredOutsidePeriod).toBe(2);
    expect(r.ranges.above.count).toBe(0);
  });

  it('caps active time at 100 % when a sensor sends more often than the interval', () => {
    // one-minute readings with the default 5-minute interval: 5 × 4032 readings
    expect(report(cgmSeries(FROM, 5 * FULL, () => 120, 1)).cgmActivePercent).toBe(100);
  });

  it('takes the sensor interval, AGP bins and targets from options', () => {
    const r = report(cgmSeries(FROM, 14 * 96, () => 65, 15), { sensorIntervalMinutes: 15, agpBinMinutes: 60, targets: { lowBelow: 63, highAbove: 140 } });
    expect(r.expectedReadings).toBe(1344); // 14 × 96
    expect(r.cgmActivePercent).toBe(100);
    expect(r.agp.bins).toHaveLength(24);
    expect(r.ranges.inRange.percent).toBe(100); // 65 is in the pregnancy range 63–140
  });

  it('refuses bad input rather than guessing', () => {
    expect(() => report([], { period: { from: TO, to: FROM } })).toThrow(RangeError);
    expect(() => report([], { sensorIntervalMinutes: 0 })).toThrow(RangeError);
    expect(() => report([], { timeZone: 'Nowhere/Land' })).toThrow(RangeError);
    expect(() => report([{ t: FROM, v: Number.NaN }])).toThrow(RangeError);
    expect(() => report([{ t: FROM, v: 0.5 }])).toThrow(RangeError);
  });
});

describe('gmi', () => {
  it('follows Bergenstal 2018 in % and mmol/mol', () => {
    // 154 mg/dL: 3.31 + 0.02392 × 154 = 6.99368 %; 154 / 18.016 = 8.547957 mmol/L → 12.71 + 4.70587 × 8.547957 = 52.935576
    expect(gmi(154).percent).toBeCloseTo(6.99368, 9);
    expect(gmi(154).mmolPerMol).toBeCloseTo(52.935576, 5);
  });
});

describe('glucose report properties', () => {
  it('has range shares summing to 100, active time ≤ 100 and sufficiency agreeing with its reasons', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 40, max: 400 }), { minLength: 1, maxLength: 400 }),
        fc.integer({ min: 1, max: 30 }),
        (values, everyMin) => {
          const r = report(cgmSeries(FROM, values.length, (i) => values[i]!, everyMin));
          const { belowLevel2, belowLevel1, inRange, aboveLevel1, aboveLevel2 } = r.ranges;
          const total = [belowLevel2, belowLevel1, inRange, aboveLevel1, aboveLevel2].reduce((s, x) => s + (x.percent ?? 0), 0);
          expect(total).toBeCloseTo(100, 9);
          expect(r.cgmActivePercent).toBeLessThanOrEqual(100);
          expect(r.sufficientData).toBe(r.insufficientReasons.length === 0);
          expect(r.count + r.ignoredOutsidePeriod).toBe(values.length);
        },
      ),
      { numRuns: 40 },
    );
  });
});
