import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cgmSessionStartTimeCodec, decodeCgmSessionStartTime, DST_OFFSETS } from './cgm-session-start-time.ts';
import { parseHex } from './hex.ts';
import { dateTimeArb, enumArb } from './testing/arbitraries.ts';
import { assertRoundTrip, expectDecodeError } from './testing/assertions.ts';

describe('CGM Session Start Time 0x2AAA', () => {
  it('decodes the start time, time zone (15-minute steps) and DST offset', () => {
    // E8 07 05 14 08 00 00: 2024-05-20 08:00:00; 04: UTC+4×15 min; 04: daylight time (+1 h).
    expect(decodeCgmSessionStartTime(parseHex('E8 07 05 14 08 00 00 04 04')).fields).toEqual({
      sessionStartTime: '2024-05-20T08:00:00',
      timeZoneMinutes: 60,
      dstOffset: 'daylight-time',
      e2eCrc: false,
    });
    expect(decodeCgmSessionStartTime(parseHex('E8 07 05 14 08 00 00 80 FF')).fields).toMatchObject({ timeZoneMinutes: 'unknown', dstOffset: 'unknown' });
  });

  it('fails a time zone outside -48..56 and a bad CRC', () => {
    expectDecodeError(() => decodeCgmSessionStartTime(parseHex('E8 07 05 14 08 00 00 39 00')), 'INVALID_VALUE', 7);
    expectDecodeError(() => decodeCgmSessionStartTime(parseHex('E8 07 05 14 08 00 00 04 04 00 00')), 'CRC_MISMATCH', 9);
  });

  it('round-trips', () =>
    assertRoundTrip(
      cgmSessionStartTimeCodec,
      fc.record({
        sessionStartTime: dateTimeArb,
        timeZoneMinutes: fc.oneof(fc.constant('unknown' as const), fc.integer({ min: -48, max: 56 }).map((q) => q * 15)),
        dstOffset: enumArb(DST_OFFSETS, 8),
        e2eCrc: fc.boolean(),
      }),
    ));
});
