import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, daysBetween, isoWeekday, localCalendar, localDateOf, localDayBounds, minutesSinceLocalMidnight } from './time-zone.ts';

const at = (iso: string) => Date.parse(iso);
const hours = (b: { start: number; end: number }) => (b.end - b.start) / 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

describe('local days across DST changes', () => {
  // 2026 rules: US clocks spring forward Sun 8 Mar 02:00 EST (07:00Z) and fall back Sun 1 Nov
  // 02:00 EDT (06:00Z); the EU changes at 01:00Z on Sun 29 Mar and Sun 25 Oct.
  it.each([
    ['America/New_York', '2026-03-08', '2026-03-08T05:00:00.000Z', '2026-03-09T04:00:00.000Z', 23],
    ['America/New_York', '2026-11-01', '2026-11-01T04:00:00.000Z', '2026-11-02T05:00:00.000Z', 25],
    ['America/New_York', '2026-07-01', '2026-07-01T04:00:00.000Z', '2026-07-02T04:00:00.000Z', 24],
    ['Europe/Berlin', '2026-03-29', '2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z', 23],
    ['Europe/Berlin', '2026-10-25', '2026-10-24T22:00:00.000Z', '2026-10-25T23:00:00.000Z', 25],
    ['Europe/Berlin', '2026-01-15', '2026-01-14T23:00:00.000Z', '2026-01-15T23:00:00.000Z', 24],
    // Chile springs forward at midnight (Sat 24:00 → Sun 01:00): the day starts at 01:00 local.
    ['America/Santiago', '2026-09-06', '2026-09-06T04:00:00.000Z', '2026-09-07T03:00:00.000Z', 23],
    // …and falls back at midnight (Sun 00:00 → Sat 23:00 again): Saturday lasts 25 hours and
    // Sunday starts once its repeated last hour is over.
    ['America/Santiago', '2026-04-04', '2026-04-04T03:00:00.000Z', '2026-04-05T04:00:00.000Z', 25],
    ['America/Santiago', '2026-04-05', '2026-04-05T04:00:00.000Z', '2026-04-06T04:00:00.000Z', 24],
    // India: a half-hour offset and no DST
    ['Asia/Kolkata', '2026-01-01', '2025-12-31T18:30:00.000Z', '2026-01-01T18:30:00.000Z', 24],
  ])('%s %s runs %s to %s (%i h)', (zone, date, start, end, length) => {
    const b = localDayBounds(date, zone);
    expect([iso(b.start), iso(b.end), hours(b)]).toEqual([start, end, length]);
  });

  it('dates instants by the local calendar', () => {
    // 04:30Z on 8 Mar is 23:30 EST on the 7th; 05:00Z is midnight of the 8th
    expect(localDateOf(at('2026-03-08T04:30:00Z'), 'America/New_York')).toBe('2026-03-07');
    expect(localDateOf(new Date('2026-03-08T05:00:00Z'), 'America/New_York')).toBe('2026-03-08');
    // 22:30Z on 24 Oct is 00:30 CEST on the 25th in Berlin
    expect(localDateOf(at('2026-10-24T22:30:00Z'), 'Europe/Berlin')).toBe('2026-10-25');
  });

  it('counts wall-clock minutes since midnight, not elapsed ones', () => {
    const ny = 'America/New_York';
    // spring forward: 07:30Z is 03:30 EDT → 210, though only 150 minutes have elapsed since midnight
    expect(minutesSinceLocalMidnight(at('2026-03-08T07:30:00Z'), ny)).toBe(210);
    // fall back: 01:30 happens twice (05:30Z EDT and 06:30Z EST), both 90
    expect(minutesSinceLocalMidnight(at('2026-11-01T05:30:00Z'), ny)).toBe(90);
    expect(minutesSinceLocalMidnight(at('2026-11-01T06:30:00Z'), ny)).toBe(90);
    // seconds are kept as a fraction: 23:59:30 CET → 1439.5
    expect(minutesSinceLocalMidnight(at('2026-01-15T22:59:30Z'), 'Europe/Berlin')).toBe(1439.5);
  });

  it('gives the offset from UTC, negative west of Greenwich', () => {
    const berlin = localCalendar('Europe/Berlin');
    expect(berlin.offsetMs(at('2026-03-29T00:59:59Z')) / 3_600_000).toBe(1);
    expect(berlin.offsetMs(at('2026-03-29T01:00:00Z')) / 3_600_000).toBe(2);
    expect(localCalendar('America/New_York').offsetMs(at('2026-07-01T12:00:00Z')) / 3_600_000).toBe(-4);
  });

  it('refuses unknown zones and malformed dates', () => {
    expect(() => localCalendar('Mars/Olympus_Mons')).toThrow(RangeError);
    expect(() => localDayBounds('2026-02-30', 'UTC')).toThrow(RangeError);
    expect(() => localDayBounds('2026-2-3', 'UTC')).toThrow(RangeError);
    expect(() => localDateOf(Number.NaN, 'UTC')).toThrow(RangeError);
  });
});

describe('calendar arithmetic', () => {
  it('adds days across month, year and leap-day boundaries', () => {
    expect(addDays('2026-02-27', 2)).toBe('2026-03-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(daysBetween('2026-03-01', '2026-03-31')).toBe(30);
  });

  it('numbers weekdays from Monday 1 to Sunday 7', () => {
    expect(isoWeekday('2000-01-03')).toBe(1); // the date_bin origin, a Monday
    expect(isoWeekday('2026-03-08')).toBe(7);
  });
});

describe('properties', () => {
  const zones = fc.constantFrom('America/New_York', 'Europe/Berlin', 'America/Santiago', 'Australia/Lord_Howe', 'Asia/Kolkata', 'UTC');
  const instant = fc.integer({ min: at('2000-01-01T00:00:00Z'), max: at('2040-01-01T00:00:00Z') });

  it('every instant lies inside the bounds of its own local day', () => {
    fc.assert(
      fc.property(zones, instant, (zone, t) => {
        const c = localCalendar(zone);
        const b = c.dayBounds(c.localDate(t));
        expect(b.start).toBeLessThanOrEqual(t);
        expect(t).toBeLessThan(b.end);
        expect(c.localDate(b.start)).toBe(c.localDate(t));
        expect(c.localDate(b.start - 1)).toBe(addDays(c.localDate(t), -1));
        expect(hours(b)).toBeGreaterThanOrEqual(23);
        expect(hours(b)).toBeLessThanOrEqual(25);
      }),
      { numRuns: 300 },
    );
  });

  it('a calendar reused over many instants answers as a fresh one does (its memo is sound)', () => {
    fc.assert(
      fc.property(zones, fc.array(instant, { minLength: 1, maxLength: 40 }), (zone, ts) => {
        const reused = localCalendar(zone);
        // neighbours a few minutes apart, around each random instant, stress the one-day memo
        for (const t of ts.flatMap((x) => [x, x + 7 * 60_000, x - 3_600_000])) {
          expect(reused.offsetMs(t)).toBe(localCalendar(zone).offsetMs(t));
        }
      }),
      { numRuns: 100 },
    );
  });

  it.each([
    ['America/New_York', '2026-11-01T06:00:00Z'],
    ['Europe/Berlin', '2026-03-29T01:00:00Z'],
    ['Australia/Lord_Howe', '2026-04-04T15:00:00Z'], // a 30-minute change: 02:00 +11:00 → 01:30 +10:30
  ])('a calendar walked through a DST change in 5-minute steps matches fresh ones (%s)', (zone, change) => {
    const reused = localCalendar(zone);
    for (let t = at(change) - 86_400_000; t <= at(change) + 86_400_000; t += 300_000) {
      expect(reused.offsetMs(t)).toBe(localCalendar(zone).offsetMs(t));
    }
  });

  it('minutes since midnight lie in [0, 1440)', () => {
    fc.assert(
      fc.property(zones, instant, (zone, t) => {
        const m = minutesSinceLocalMidnight(t, zone);
        expect(m).toBeGreaterThanOrEqual(0);
        expect(m).toBeLessThan(1440);
      }),
    );
  });
});
