import { describe, expect, it } from 'vitest';
import { GLUCOSE_FEATURES, glucoseFeatureCodec } from './glucose-feature.ts';
import { parseHex } from './hex.ts';
import { bitsArb } from './testing/arbitraries.ts';
import { assertRoundTrip, expectDecodeError } from './testing/assertions.ts';

describe('Glucose Feature 0x2A51', () => {
  it('names the supported features (0x0403: low battery, malfunction, multiple bond)', () => {
    expect(glucoseFeatureCodec.decode(parseHex('03 04')).fields).toEqual({ features: ['low-battery-detection', 'sensor-malfunction-detection', 'multiple-bond'] });
  });

  it('keeps a reserved feature bit as bitN instead of failing', () => {
    expect(glucoseFeatureCodec.decode(parseHex('00 80')).fields).toEqual({ features: ['bit15'] });
  });

  it('fails a value that is not exactly 16 bits', () => {
    expectDecodeError(() => glucoseFeatureCodec.decode(parseHex('03')), 'TRUNCATED', 0);
    expectDecodeError(() => glucoseFeatureCodec.decode(parseHex('03 04 00')), 'TRAILING_BYTES', 2);
  });

  it('round-trips', () => assertRoundTrip(glucoseFeatureCodec, bitsArb(GLUCOSE_FEATURES, 16).map((features) => ({ features }))));
});
