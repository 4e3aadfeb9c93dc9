import { describe, expect, it } from 'vitest';
import { devicePeriodOf, devicePeriodsThrough, monthSpan } from './device-periods.ts';

const spans = (s: Array<{ startDate: string; endDate: string }>) => s.map((p) => `${p.startDate}..${p.endDate}`);

describe('device periods', () => {
  it('knows the length of every month, leap years included', () => {
    expect(monthSpan('2026-02')).toEqual({ startDate: '2026-02-01', endDate: '2026-02-28' });
    expect(monthSpan('2028-02').endDate).toBe('2028-02-29');
    expect(monthSpan('2026-12')).toEqual({ startDate: '2026-12-01', endDate: '2026-12-31' });
    expect(() => monthSpan('2026-13')).toThrow(RangeError);
  });

  it('calendar months from the enrolment date, clipped at its end', () => {
    expect(spans(devicePeriodsThrough('calendar_month', { startDate: '2026-01-20', endDate: null }, '2026-03-05'))).toEqual(['2026-01-20..2026-01-31', '2026-02-01..2026-02-28', '2026-03-01..2026-03-31']);
    expect(spans(devicePeriodsThrough('calendar_month', { startDate: '2026-01-20', endDate: '2026-02-10' }, '2026-03-05'))).toEqual(['2026-01-20..2026-01-31', '2026-02-01..2026-02-10']);
    expect(devicePeriodsThrough('calendar_month', { startDate: '2026-01-20', endDate: null }, '2026-01-19')).toEqual([]);
  });

  it('runs of 30 days from the enrolment date', () => {
    expect(spans(devicePeriodsThrough('enrolment_30_days', { startDate: '2026-01-20', endDate: null }, '2026-02-19'))).toEqual(['2026-01-20..2026-02-18', '2026-02-19..2026-03-20']);
  });

  it('finds the period holding a date, or none outside the enrolment', () => {
    expect(devicePeriodOf('calendar_month', { startDate: '2026-01-20', endDate: null }, '2026-02-14')).toEqual({ startDate: '2026-02-01', endDate: '2026-02-28' });
    expect(devicePeriodOf('enrolment_30_days', { startDate: '2026-01-20', endDate: null }, '2026-02-18')).toEqual({ startDate: '2026-01-20', endDate: '2026-02-18' });
    expect(devicePeriodOf('calendar_month', { startDate: '2026-01-20', endDate: '2026-02-10' }, '2026-02-14')).toBeNull();
  });
});
