import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { complianceOutlook, complianceReport, type ComplianceOptions } from './compliance.ts';
import { ComplianceReport } from './schemas.ts';
import { addDays, localCalendar } from './time-zone.ts';
import { at, conforming, HOUR, MIN } from './test-helpers.ts';

const ny = localCalendar('America/New_York');
/** An instant `minutes` after local midnight in New York (the wall-clock time, on days without a DST change). */
const nyAt = (date: string, minutes: number) => ny.startOfDay(date) + minutes * MIN;
/** One reading at 23:30 local on each of `n` consecutive dates from `from`, skipping `skip`. */
const lateEvenings = (from: string, n: number, skip: string[] = []) =>
  Array.from({ length: n }, (_, i) => addDays(from, i))
    .filter((d) => !skip.includes(d))
    .map((d) => ({ t: nyAt(d, 23 * 60 + 30) }));

const options: ComplianceOptions = { timeZone: 'America/New_York', enrolmentDate: '2026-02-20', asOf: at('2026-04-01T16:00:00Z') };
const report = (readings: Parameters<typeof complianceReport>[0], o: Partial<ComplianceOptions> = {}) =>
  conforming(ComplianceReport, complianceReport(readings, { ...options, ...o }));

describe('compliance periods', () => {
  // Enrolled 20 Feb 2026 in New York. Period 0: 20 Feb – 21 Mar (9 February + 21 March days = 30),
  // crossing the 8 Mar DST change; period 1: 22 Mar – 20 Apr. asOf 1 Apr 12:00 EDT, 40 days after enrolment.
  const readings = [
    ...lateEvenings('2026-02-20', 16), // 16 evenings, 20 Feb – 7 Mar; 23:30 EST is 04:30Z the next UTC day
    { t: nyAt('2026-02-21', 8 * 60) }, // a second reading on a day already counted
    { t: nyAt('2026-02-19', 12 * 60) }, // before enrolment: ignored
    ...lateEvenings('2026-03-22', 10, ['2026-03-25']), // 9 days, 22–31 Mar without the 25th
    { t: at('2026-04-02T12:00:00Z') }, // after asOf: ignored
  ];
  const r = report(readings);

  it('counts local days with readings in 30-day periods from enrolment', () => {
    expect(r.periods).toHaveLength(2);
    const [p0, p1] = r.periods;
    expect(p0).toMatchObject({
      index: 0,
      startDate: '2026-02-20',
      endDate: '2026-03-21',
      start: '2026-02-20T05:00:00.000Z', // midnight EST
      end: '2026-03-22T04:00:00.000Z', // midnight EDT: the period is 30 local days, 719 hours
      daysWithReadings: 16,
      qualifies: true,
      complete: true,
    });
    expect(p0!.datesWithReadings[0]).toBe('2026-02-20'); // 23:30 local, though 04:30Z on the 21st
    expect(p0!.datesWithReadings.at(-1)).toBe('2026-03-07');
    expect(p1).toMatchObject({ index: 1, startDate: '2026-03-22', endDate: '2026-04-20', daysWithReadings: 9, qualifies: false, complete: false });
    expect(p1!.datesWithReadings).not.toContain('2026-03-25');
  });

  it('gives the outlook of the current period', () => {
    // 22 Mar → 1 Apr is the 11th day; 19 days follow, plus today (no reading yet) = 20 remaining;
    // 16 − 9 = 7 needed; at risk only if 7 > 20 − 2
    expect(r.current).toMatchObject({ index: 1, daysSoFar: 11 });
    expect(r.current!.outlook).toEqual({ daysWithReadings: 9, daysRemaining: 20, daysNeeded: 7, canStillQualify: true, atRisk: false });
  });

  it('does not count today as remaining once it has a reading', () => {
    const x = report([...readings, { t: at('2026-04-01T13:00:00Z') }]); // 09:00 EDT today
    expect(x.current!.outlook).toMatchObject({ daysWithReadings: 10, daysRemaining: 19, daysNeeded: 6 });
  });

  it('counts a day only once and a day in the patient’s zone, not UTC', () => {
    // 8 Mar, the 23-hour spring-forward day: 00:30 EST (05:30Z) and 23:30 EDT (03:30Z on the 9th)
    const x = report([{ t: at('2026-03-08T05:30:00Z') }, { t: at('2026-03-09T03:30:00Z') }], { asOf: at('2026-03-10T12:00:00Z') });
    expect(x.periods[0]!.datesWithReadings).toEqual(['2026-03-08']);
  });

  it('has no periods before enrolment', () => {
    expect(report([], { asOf: at('2026-02-19T12:00:00Z') })).toMatchObject({ periods: [], current: null });
  });

  it('starts the current period on its first local day', () => {
    // asOf = 22 Mar 00:00 EDT exactly: period 1, day 1, nothing yet, 30 days remaining
    const x = report([], { asOf: ny.startOfDay('2026-03-22') });
    expect(x.current).toMatchObject({ index: 1, daysSoFar: 1, outlook: { daysRemaining: 30, daysNeeded: 16, atRisk: false } });
    expect(report([], { asOf: ny.startOfDay('2026-03-22') - HOUR }).current!.index).toBe(0);
  });

  it('takes the required days, period length and margin from options', () => {
    const x = report(readings, { requiredDays: 10, periodDays: 20, atRiskMargin: 0 });
    expect(x.periods.map((p) => [p.startDate, p.endDate, p.daysWithReadings, p.qualifies])).toEqual([
      ['2026-02-20', '2026-03-11', 16, true],
      ['2026-03-12', '2026-03-31', 9, false],
      ['2026-04-01', '2026-04-20', 0, false],
    ]);
  });

  it('refuses malformed enrolment dates and counts', () => {
    expect(() => report([], { enrolmentDate: '20/02/2026' })).toThrow(RangeError);
    expect(() => report([], { periodDays: 0 })).toThrow(RangeError);
    expect(() => report([], { requiredDays: 1.5 })).toThrow(RangeError);
  });
});

describe('compliance outlook', () => {
  it.each([
    // daysWithReadings, daysRemaining → daysNeeded, canStillQualify, atRisk (margin 2)
    [10, 8, 6, true, false], // 6 > 8 − 2? no
    [10, 7, 6, true, true], //  6 > 7 − 2 = 5: at risk though still possible
    [10, 5, 6, false, true], // 6 > 5: can no longer qualify
    [16, 0, 0, true, false], // already qualifies
    [20, 3, 0, true, false],
    [0, 30, 16, true, false], // first day: 16 > 28? no
  ])('%i days with readings, %i remaining → %i needed', (daysWithReadings, daysRemaining, daysNeeded, canStillQualify, atRisk) => {
    expect(complianceOutlook({ daysWithReadings, daysRemaining })).toEqual({ daysWithReadings, daysRemaining, daysNeeded, canStillQualify, atRisk });
  });

  it('applies the margin from options', () => {
    expect(complianceOutlook({ daysWithReadings: 10, daysRemaining: 6, atRiskMargin: 0 }).atRisk).toBe(false);
    expect(complianceOutlook({ daysWithReadings: 10, daysRemaining: 6, atRiskMargin: 1 }).atRisk).toBe(true);
  });

  it('refuses negative or fractional counts', () => {
    expect(() => complianceOutlook({ daysWithReadings: -1, daysRemaining: 3 })).toThrow(RangeError);
    expect(() => complianceOutlook({ daysWithReadings: 1, daysRemaining: 2.5 })).toThrow(RangeError);
  });

  it('is at risk whenever it can no longer qualify, and never once qualified', () => {
    const days = fc.integer({ min: 0, max: 30 });
    fc.assert(
      fc.property(days, days, fc.integer({ min: 0, max: 5 }), (daysWithReadings, daysRemaining, atRiskMargin) => {
        const o = complianceOutlook({ daysWithReadings, daysRemaining, atRiskMargin });
        if (!o.canStillQualify) expect(o.atRisk).toBe(true);
        if (o.daysNeeded === 0) expect(o.atRisk).toBe(false);
        expect(o.daysNeeded + daysWithReadings).toBeGreaterThanOrEqual(16);
      }),
    );
  });
});
