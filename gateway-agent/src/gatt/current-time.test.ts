import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ADJUST_REASONS, currentTimeCodec, DAYS_OF_WEEK, decodeCurrentTime } from './current-time.ts';
import { parseHex } from './hex.ts';
import { bitsArb, dateTimeArb, enumArb } from './testing/arbitraries.ts';
import { assertRoundTrip, expectDecodeError } from './testing/assertions.ts';

describe('Current Time 0x2A2B', () => {
  it('decodes Exact Time 256 and the adjust reason', () => {
    // E8 07 05 14 08 1E 2D = 2024-05-20 08:30:45 | 01 Monday | 80 = 128/256 s | 03 manual + external reference update
    expect(decodeCurrentTime(parseHex('E8 07 05 14 08 1E 2D 01 80 03')).fields).toEqual({
      dateTime: '2024-05-20T08:30:45',
      dayOfWeek: 'monday',
      fractions256: 128,
      adjustReason: ['manual-time-update', 'external-reference-time-update'],
    });
  });

  it('fails a short value and an impossible date', () => {
    expectDecodeError(() => decodeCurrentTime(parseHex('E8 07 05 14 08 1E 2D 01 80')), 'TRUNCATED', 9);
    expectDecodeError(() => decodeCurrentTime(parseHex('E8 07 05 20 08 1E 2D 01 80 00')), 'INVALID_VALUE', 0);
  });

  it('round-trips', () =>
    assertRoundTrip(
      currentTimeCodec,
      fc.record({ dateTime: dateTimeArb, dayOfWeek: enumArb(DAYS_OF_WEEK, 8), fractions256: fc.integer({ min: 0, max: 255 }), adjustReason: bitsArb(ADJUST_REASONS, 8) }),
    ));
});
