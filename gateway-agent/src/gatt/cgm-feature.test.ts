import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CGM_FEATURES, cgmFeatureCodec, decodeCgmFeature } from './cgm-feature.ts';
import { CGM_SAMPLE_LOCATIONS, GLUCOSE_TYPES } from './glucose-enums.ts';
import { parseHex } from './hex.ts';
import { bitsArb, enumArb } from './testing/arbitraries.ts';
import { assertRoundTrip, expectDecodeError } from './testing/assertions.ts';

describe('CGM Feature 0x2AA8', () => {
  it('decodes features, type and sample location, ignoring the CRC field when E2E-CRC is unsupported', () => {
    // 01 80 01: bits 0, 15, 16 = calibration, trend, quality; 59: type 9 (ISF, low nibble), location 5 (subcutaneous); FF FF: no CRC.
    expect(decodeCgmFeature(parseHex('01 80 01 59 FF FF')).fields).toEqual({
      features: ['calibration', 'cgm-trend-information', 'cgm-quality'],
      type: 'interstitial-fluid',
      sampleLocation: 'subcutaneous-tissue',
    });
  });

  it('checks the CRC when E2E-CRC is supported (bit 12)', () => {
    const bytes = cgmFeatureCodec.encode({ features: ['e2e-crc'], type: 'interstitial-fluid', sampleLocation: 'subcutaneous-tissue' });
    expect(decodeCgmFeature(bytes).fields.features).toEqual(['e2e-crc']);
    bytes[4] = bytes[4]! ^ 0x01;
    expectDecodeError(() => decodeCgmFeature(bytes), 'CRC_MISMATCH', 4);
    expectDecodeError(() => decodeCgmFeature(parseHex('00 10 00 59')), 'CRC_MISSING', 4);
  });

  it('round-trips', () =>
    assertRoundTrip(cgmFeatureCodec, fc.record({ features: bitsArb(CGM_FEATURES, 24), type: enumArb(GLUCOSE_TYPES, 4), sampleLocation: enumArb(CGM_SAMPLE_LOCATIONS, 4) })));
});
