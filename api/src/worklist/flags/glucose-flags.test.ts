import { describe, expect, it } from 'vitest';
import { CONSENSUS_TARGETS } from '../../trends/stats/glucose-ranges.ts';
import { glucoseFlags, pickGlucoseSeries, type GlucoseRangeCounts } from './glucose-flags.ts';

const P = '00000000-0000-4000-8000-000000000101';
const WINDOW = { from: Date.parse('2026-05-18T04:00:00Z'), to: Date.parse('2026-06-01T04:00:00Z') };
/** 1,000 CGM readings with the given counts (a round total makes percentages exact). */
const cgm = (belowLow: number, belowVeryLow: number, aboveHigh = 0): GlucoseRangeCounts => ({ cgm: true, n: 1000, belowLow, belowVeryLow, aboveHigh });
const codes = (c: GlucoseRangeCounts | null) => glucoseFlags(P, c, WINDOW, CONSENSUS_TARGETS).map((f) => f.code);

describe('glucose_below_range: below 70 over 4 %, or below 54 over 1 %', () => {
  it('4.0 % below 70 is on target; 4.1 % is flagged', () => {
    expect(codes(cgm(40, 0))).toEqual([]);
    expect(codes(cgm(41, 0))).toEqual(['glucose_below_range']);
  });

  it('1.0 % below 54 is on target; 1.1 % is flagged even with little time below 70 otherwise', () => {
    expect(codes(cgm(10, 10))).toEqual([]);
    expect(codes(cgm(11, 11))).toEqual(['glucose_below_range']);
  });

  it('says the figures and links the glucose report of the same 14 days', () => {
    const [f] = glucoseFlags(P, cgm(52, 12), WINDOW, CONSENSUS_TARGETS);
    expect(f!.reason).toBe('Below 70 mg/dL 5.2 % (target < 4 %), below 54 mg/dL 1.2 % (target < 1 %) over 14 days (1000 CGM readings)');
    expect(f!.figures).toMatchObject({ readings: 1000, belowRangePercent: 5.2, belowLevel2Percent: 1.2 });
    expect(f!.evidence).toBe(`/v1/patients/${P}/reports/glucose?from=2026-05-18T04%3A00%3A00.000Z&to=2026-06-01T04%3A00%3A00.000Z&source=cgm`);
  });
});

describe('glucose_time_in_range_low: in range under 70 %', () => {
  it('70.0 % in range is on target; 69.9 % is flagged', () => {
    expect(codes(cgm(0, 0, 300))).toEqual([]);
    expect(codes(cgm(0, 0, 301))).toEqual(['glucose_time_in_range_low']);
  });

  it('counts time below range out of range too', () => {
    expect(codes(cgm(41, 0, 260))).toEqual(['glucose_below_range', 'glucose_time_in_range_low']);
  });

  it('words the patient’s own targets', () => {
    const [f] = glucoseFlags(P, cgm(0, 0, 400), WINDOW, { veryLowBelow: 54, lowBelow: 63, highAbove: 140 });
    expect(f!.reason).toBe('In range (63–140 mg/dL) 60.0 % (target > 70 %) over 14 days (1000 CGM readings)');
  });
});

describe('which readings are judged', () => {
  it('needs 10 readings', () => {
    expect(codes({ cgm: false, n: 9, belowLow: 9, belowVeryLow: 9, aboveHigh: 0 })).toEqual([]);
    expect(codes({ cgm: false, n: 10, belowLow: 1, belowVeryLow: 0, aboveHigh: 0 })).toEqual(['glucose_below_range']);
    expect(codes(null)).toEqual([]);
  });

  it('takes the CGM series when it has enough readings, else every glucose reading (meters too)', () => {
    const meter = { cgm: false, n: 20, belowLow: 2, belowVeryLow: 0, aboveHigh: 1 };
    expect(pickGlucoseSeries([cgm(1, 0), meter])).toEqual(cgm(1, 0));
    expect(pickGlucoseSeries([{ ...cgm(1, 0), n: 9 }, meter])).toEqual({ cgm: false, n: 29, belowLow: 3, belowVeryLow: 0, aboveHigh: 1 });
    expect(pickGlucoseSeries([])).toBeNull();
  });
});
