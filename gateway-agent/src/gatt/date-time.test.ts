import { describe, expect, it } from 'vitest';
import { dateTimeProblem, deviceTimeAfter, formatDateTime, isKnownDateTime, parseDateTime } from './date-time.ts';

describe('Date Time', () => {
  it('formats and parses, keeping unknown parts as zeros', () => {
    const parts = { year: 0, month: 0, day: 0, hours: 7, minutes: 5, seconds: 9 };
    expect(formatDateTime(parts)).toBe('0000-00-00T07:05:09');
    expect(parseDateTime('0000-00-00T07:05:09')).toEqual(parts);
  });

  it.each([
    [{ year: 1581, month: 1, day: 1, hours: 0, minutes: 0, seconds: 0 }, /year/],
    [{ year: 2023, month: 13, day: 1, hours: 0, minutes: 0, seconds: 0 }, /month/],
    [{ year: 2023, month: 2, day: 29, hours: 0, minutes: 0, seconds: 0 }, /day/],
    [{ year: 2024, month: 1, day: 1, hours: 24, minutes: 0, seconds: 0 }, /hours/],
    [{ year: 2024, month: 1, day: 1, hours: 0, minutes: 60, seconds: 0 }, /minutes/],
    [{ year: 2024, month: 1, day: 1, hours: 0, minutes: 0, seconds: 60 }, /seconds/],
  ])('rejects %o', (parts, problem) => {
    expect(dateTimeProblem(parts)).toMatch(problem);
  });

  it('accepts 29 February in a leap year and when the year is unknown', () => {
    expect(dateTimeProblem({ year: 2024, month: 2, day: 29, hours: 0, minutes: 0, seconds: 0 })).toBeUndefined();
    expect(dateTimeProblem({ year: 0, month: 2, day: 29, hours: 0, minutes: 0, seconds: 0 })).toBeUndefined();
  });

  it('knows which values name one date-time', () => {
    expect(isKnownDateTime('2024-01-02T03:04:05')).toBe(true);
    expect(isKnownDateTime('0000-01-02T03:04:05')).toBe(false);
    expect(isKnownDateTime('2024-00-02T03:04:05')).toBe(false);
    expect(isKnownDateTime('2024-01-00T03:04:05')).toBe(false);
  });

  it('adds a time offset as wall-clock minutes, across days and years', () => {
    expect(deviceTimeAfter('2019-02-27T11:10:30', -5)).toBe('2019-02-27T11:05:30');
    expect(deviceTimeAfter('2023-12-31T23:30:00', 45)).toBe('2024-01-01T00:15:00');
    expect(deviceTimeAfter('2024-03-10T01:30:00', 60)).toBe('2024-03-10T02:30:00'); // no zone, so no DST gap here
  });

  it('gives no device time for an unknown base or a result outside 1582..9999', () => {
    expect(deviceTimeAfter('0000-00-00T10:00:00', 0)).toBeUndefined();
    expect(deviceTimeAfter('9999-12-31T23:59:00', 5)).toBeUndefined();
  });
});
