import { describe, expect, it } from 'vitest';
import { expandWeeklyRule, type WeeklyRule } from './slot-expansion.ts';
import { addDays, isoWeekday, localDate, minuteOfDay, zonedInstant, zoneReader } from './zoned-time.ts';

const ny = zoneReader('America/New_York');
const iso = (d: Date | null) => d?.toISOString() ?? null;

describe('zoned time', () => {
  it('finds the instant of a local wall-clock time on both sides of a DST change', () => {
    expect(iso(zonedInstant(ny, '2026-03-06', 9 * 60))).toBe('2026-03-06T14:00:00.000Z'); // EST, UTC−5
    expect(iso(zonedInstant(ny, '2026-03-09', 9 * 60))).toBe('2026-03-09T13:00:00.000Z'); // EDT, UTC−4
    expect(iso(zonedInstant(zoneReader('Australia/Sydney'), '2026-04-06', 9 * 60))).toBe('2026-04-05T23:00:00.000Z'); // AEST after April's change
  });

  it('returns null for a time skipped by spring-forward and the first instant of a repeated one', () => {
    expect(zonedInstant(ny, '2026-03-08', 2 * 60 + 30)).toBeNull();
    expect(iso(zonedInstant(ny, '2026-11-01', 60 + 30))).toBe('2026-11-01T05:30:00.000Z'); // EDT, before the clocks go back
    expect(iso(zonedInstant(ny, '2026-11-01', 3 * 60))).toBe('2026-11-01T08:00:00.000Z');
  });

  it('does date arithmetic, weekdays, local dates and times of day', () => {
    expect(addDays('2026-02-27', 2)).toBe('2026-03-01');
    expect(isoWeekday('2026-06-01')).toBe(1);
    expect(isoWeekday('2026-06-07')).toBe(7);
    expect(localDate(ny, new Date('2026-06-02T03:00:00Z'))).toBe('2026-06-01');
    expect(minuteOfDay('09:30:00')).toBe(570);
    expect(minuteOfDay('17:05')).toBe(1025);
    expect(() => minuteOfDay('9am')).toThrow(RangeError);
    expect(() => zoneReader('Mars/Olympus_Mons')).toThrow(RangeError);
  });
});

describe('weekly rule expansion', () => {
  const mondayMornings: WeeklyRule = { weekday: 1, startTime: '09:00:00', endTime: '10:00:00', validFrom: '2026-01-01', validUntil: null, durationMinutes: 30 };

  it('keeps 09:00 local across the spring DST change (the UTC time moves)', () => {
    const slots = expandWeeklyRule(mondayMornings, ny, '2026-03-01', '2026-03-16');
    expect(slots.map((s) => iso(s.startsAt))).toEqual([
      '2026-03-02T14:00:00.000Z',
      '2026-03-02T14:30:00.000Z',
      '2026-03-09T13:00:00.000Z',
      '2026-03-09T13:30:00.000Z',
    ]);
    expect(slots.every((s) => s.endsAt.getTime() - s.startsAt.getTime() === 30 * 60_000)).toBe(true);
  });

  it('keeps 09:00 local across the autumn change too', () => {
    const slots = expandWeeklyRule({ ...mondayMornings, weekday: 7, endTime: '09:30' }, ny, '2026-10-25', '2026-11-02');
    expect(slots.map((s) => iso(s.startsAt))).toEqual(['2026-10-25T13:00:00.000Z', '2026-11-01T14:00:00.000Z']);
  });

  it('skips a slot that starts in the spring-forward gap', () => {
    const night: WeeklyRule = { weekday: 7, startTime: '01:00', endTime: '04:00', validFrom: '2026-01-01', validUntil: null, durationMinutes: 60 };
    const slots = expandWeeklyRule(night, ny, '2026-03-08', '2026-03-09');
    // 01:00 EST, (02:00 does not exist), 03:00 EDT
    expect(slots.map((s) => iso(s.startsAt))).toEqual(['2026-03-08T06:00:00.000Z', '2026-03-08T07:00:00.000Z']);
  });

  it('fits only whole slots and honours the validity dates', () => {
    const rule: WeeklyRule = { weekday: 3, startTime: '13:00', endTime: '14:10', validFrom: '2026-06-10', validUntil: '2026-06-17', durationMinutes: 20 };
    const slots = expandWeeklyRule(rule, ny, '2026-06-01', '2026-07-01');
    expect(slots.map((s) => iso(s.startsAt))).toEqual([
      '2026-06-10T17:00:00.000Z',
      '2026-06-10T17:20:00.000Z',
      '2026-06-10T17:40:00.000Z',
      '2026-06-17T17:00:00.000Z',
      '2026-06-17T17:20:00.000Z',
      '2026-06-17T17:40:00.000Z',
    ]);
    expect(expandWeeklyRule(rule, ny, '2026-06-18', '2026-07-01')).toEqual([]);
  });
});
