import { describe, expect, it } from 'vitest';
import { clockSkewMs, decodeCurrentTime, encodeCurrentTime, formatWallClock, wallClockIn } from './current-time.ts';

describe('Current Time (Exact Time 256) and clock skew', () => {
  const instant = new Date(Date.UTC(2026, 2, 29, 0, 59, 59, 500)); // the hour before Berlin springs forward

  it('shows an instant as wall-clock time in a zone', () => {
    expect(wallClockIn(instant, 'UTC')).toEqual({ year: 2026, month: 3, day: 29, hours: 0, minutes: 59, seconds: 59, ms: 500 });
    expect(formatWallClock(wallClockIn(instant, 'Europe/Berlin'))).toBe('2026-03-29T01:59:59');
    expect(formatWallClock(wallClockIn(new Date(instant.getTime() + 1_000), 'Europe/Berlin'))).toBe('2026-03-29T03:00:00');
    expect(formatWallClock(wallClockIn(instant, 'America/New_York'))).toBe('2026-03-28T20:59:59');
  });

  it('encodes 10 bytes: date time, day of week (Monday = 1), fractions256, adjust reason', () => {
    const b = encodeCurrentTime(wallClockIn(instant, 'UTC'));
    expect([...b]).toEqual([0xea, 0x07, 3, 29, 0, 59, 59, 7, 128, 0x01]); // a Sunday
    expect(decodeCurrentTime(b)).toEqual({ year: 2026, month: 3, day: 29, hours: 0, minutes: 59, seconds: 59, ms: 500 });
  });

  it('rejects short values and unknown dates', () => {
    expect(decodeCurrentTime(Buffer.alloc(9))).toBeUndefined();
    expect(decodeCurrentTime(Buffer.from([0, 0, 3, 29, 0, 0, 0, 0, 0, 0]))).toBeUndefined();
  });

  it('measures skew as device wall clock minus gateway wall clock, across midnight', () => {
    const gateway = wallClockIn(new Date(Date.UTC(2026, 0, 1, 23, 59, 50)), 'UTC');
    const device = decodeCurrentTime(Buffer.from([0xea, 0x07, 1, 2, 0, 0, 5, 5, 0, 0]))!;
    expect(clockSkewMs(device, gateway)).toBe(15_000);
    expect(clockSkewMs(gateway, device)).toBe(-15_000);
  });
});
