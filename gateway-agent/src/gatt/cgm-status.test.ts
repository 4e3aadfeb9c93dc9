import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { annunciationNames } from './cgm-annunciation.ts';
import { cgmStatusCodec, decodeCgmStatus } from './cgm-status.ts';
import { parseHex } from './hex.ts';
import { assertRoundTrip, expectDecodeError } from './testing/assertions.ts';

describe('CGM Status 0x2AA9', () => {
  it('decodes time offset and the three status octets, with or without CRC', () => {
    // 3C 00: 60 min; 02 04 10: battery low (bit 1), calibration recommended (bit 10), rate of decrease exceeded (bit 20).
    const expected = { timeOffsetMinutes: 60, status: ['device-battery-low', 'calibration-recommended', 'rate-of-decrease-exceeded'] };
    expect(decodeCgmStatus(parseHex('3C 00 02 04 10')).fields).toEqual({ ...expected, e2eCrc: false });
    const withCrc = cgmStatusCodec.encode({ ...expected, status: annunciationNames(0x100402), e2eCrc: true });
    expect(withCrc.length).toBe(7);
    expect(decodeCgmStatus(withCrc, { cgmE2eCrc: true }).fields).toEqual({ ...expected, e2eCrc: true });
  });

  it('fails truncation and a stray byte', () => {
    expectDecodeError(() => decodeCgmStatus(parseHex('3C 00 02 04')), 'TRUNCATED', 2);
    expectDecodeError(() => decodeCgmStatus(parseHex('3C 00 02 04 10 00')), 'TRUNCATED', 5);
    expectDecodeError(() => decodeCgmStatus(parseHex('3C 00 02 04 10'), { cgmE2eCrc: true }), 'CRC_MISSING', 5);
  });

  it('round-trips', () =>
    assertRoundTrip(
      cgmStatusCodec,
      fc.record({ timeOffsetMinutes: fc.integer({ min: 0, max: 0xffff }), status: fc.integer({ min: 0, max: 0xffffff }).map(annunciationNames), e2eCrc: fc.boolean() }),
    ));
});
