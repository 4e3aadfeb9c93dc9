import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deviceTimeToInstant, resolveDeviceTime } from './device-time.ts';
import { knownDateTimeArb } from './testing/arbitraries.ts';

describe('resolveDeviceTime', () => {
  it('resolves an ordinary local time with the zone offset in force', () => {
    expect(resolveDeviceTime('2024-05-20T08:00:00', 'Europe/Berlin')).toEqual({ instant: '2024-05-20T06:00:00.000Z', ambiguity: 'none' });
    expect(deviceTimeToInstant('2024-01-20T08:00:00', 'Europe/Berlin')).toBe('2024-01-20T07:00:00.000Z');
    expect(deviceTimeToInstant('2024-05-20T08:00:00', 'Asia/Kolkata')).toBe('2024-05-20T02:30:00.000Z');
    expect(deviceTimeToInstant('2024-05-20T08:00:00', 'UTC')).toBe('2024-05-20T08:00:00.000Z');
  });

  it('removes the measured skew (device ahead by 90 s → 90 s earlier)', () => {
    expect(deviceTimeToInstant('2024-05-20T08:00:00', 'Europe/Berlin', 90_000)).toBe('2024-05-20T05:58:30.000Z');
    expect(deviceTimeToInstant('2024-05-20T08:00:00', 'Europe/Berlin', -2_000)).toBe('2024-05-20T06:00:02.000Z');
  });

  describe('spring forward: 2024-03-10 02:00–03:00 does not exist in New York', () => {
    it('pushes a skipped time forward by default (02:30 → 03:30 EDT)', () => {
      expect(resolveDeviceTime('2024-03-10T02:30:00', 'America/New_York')).toEqual({ instant: '2024-03-10T07:30:00.000Z', ambiguity: 'skipped' });
    });
    it('can take the earlier reading (01:30 EST) or reject', () => {
      expect(deviceTimeToInstant('2024-03-10T02:30:00', 'America/New_York', 0, 'earlier')).toBe('2024-03-10T06:30:00.000Z');
      expect(deviceTimeToInstant('2024-03-10T02:30:00', 'America/New_York', 0, 'later')).toBe('2024-03-10T07:30:00.000Z');
      expect(() => deviceTimeToInstant('2024-03-10T02:30:00', 'America/New_York', 0, 'reject')).toThrow(/skipped/);
    });
  });

  describe('fall back: 2024-11-03 01:00–02:00 happens twice in New York', () => {
    it('takes the first occurrence (EDT) by default', () => {
      expect(resolveDeviceTime('2024-11-03T01:30:00', 'America/New_York')).toEqual({ instant: '2024-11-03T05:30:00.000Z', ambiguity: 'repeated' });
    });
    it('can take the second (EST) or reject', () => {
      expect(deviceTimeToInstant('2024-11-03T01:30:00', 'America/New_York', 0, 'later')).toBe('2024-11-03T06:30:00.000Z');
      expect(() => deviceTimeToInstant('2024-11-03T01:30:00', 'America/New_York', 0, 'reject')).toThrow(/repeated/);
    });
  });

  it('handles half-hour DST (Lord Howe Island: 2024-10-06 02:00 → 02:30)', () => {
    expect(resolveDeviceTime('2024-10-06T02:15:00', 'Australia/Lord_Howe')).toEqual({ instant: '2024-10-05T15:45:00.000Z', ambiguity: 'skipped' });
  });

  it('refuses unknown parts, malformed text, unknown zones and non-finite skew', () => {
    expect(() => deviceTimeToInstant('0000-05-20T08:00:00', 'UTC')).toThrow(RangeError);
    expect(() => deviceTimeToInstant('2024-05-20 08:00', 'UTC')).toThrow(RangeError);
    expect(() => deviceTimeToInstant('2024-05-20T08:00:00', 'Mars/Olympus_Mons')).toThrow(RangeError);
    expect(() => deviceTimeToInstant('2024-05-20T08:00:00', 'UTC', Number.NaN)).toThrow(RangeError);
  });

  it('gives back the local time when formatted in the same zone, for any unambiguous time', () => {
    const format = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin', dateStyle: 'short', timeStyle: 'medium' });
    fc.assert(
      fc.property(knownDateTimeArb, (local) => {
        const { instant, ambiguity } = resolveDeviceTime(local, 'Europe/Berlin');
        if (ambiguity === 'skipped') return;
        expect(format.format(new Date(instant)).replace(' ', 'T')).toBe(local);
      }),
      { numRuns: 300 },
    );
  });
});
