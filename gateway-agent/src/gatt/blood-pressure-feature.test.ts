import { describe, expect, it } from 'vitest';
import { BLOOD_PRESSURE_FEATURES, bloodPressureFeatureCodec } from './blood-pressure-feature.ts';
import { parseHex } from './hex.ts';
import { bitsArb } from './testing/arbitraries.ts';
import { assertRoundTrip } from './testing/assertions.ts';

describe('Blood Pressure Feature 0x2A49', () => {
  it('names the supported features (0x0025: body movement, irregular pulse, multiple bond)', () => {
    expect(bloodPressureFeatureCodec.decode(parseHex('25 00')).fields).toEqual({ features: ['body-movement-detection', 'irregular-pulse-detection', 'multiple-bond'] });
  });

  it('round-trips', () => assertRoundTrip(bloodPressureFeatureCodec, bitsArb(BLOOD_PRESSURE_FEATURES, 16).map((features) => ({ features }))));
});
