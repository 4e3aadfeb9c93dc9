import { bitNames, bitsFromNames, enumCode, enumName, type ReservedBit, type ReservedCode } from './bit-names.ts';
import { ByteReader } from './byte-reader.ts';
import { ByteWriter } from './byte-writer.ts';
import { appendE2eCrc, readOptionalE2eCrc } from './cgm-e2e-crc.ts';
import { CGM_SAMPLE_LOCATIONS, GLUCOSE_TYPES, type CgmSampleLocation, type GlucoseType } from './glucose-enums.ts';
import { ReadingCollector } from './readings.ts';
import { defineCodec, type DecodeResult } from './types.ts';

const NAME = 'cgm_feature';

/** CGM Feature bits 0..16 (CGMS v1.0.2; 17..23 reserved). */
export const CGM_FEATURES = [
  'calibration',
  'patient-high-low-alerts',
  'hypo-alerts',
  'hyper-alerts',
  'rate-of-increase-decrease-alerts',
  'device-specific-alert',
  'sensor-malfunction-detection',
  'sensor-temperature-high-low-detection',
  'sensor-result-high-low-detection',
  'low-battery-detection',
  'sensor-type-error-detection',
  'general-device-fault',
  'e2e-crc',
  'multiple-bond',
  'multiple-sessions',
  'cgm-trend-information',
  'cgm-quality',
] as const;
export type CgmFeature = (typeof CGM_FEATURES)[number];

/** Decoded CGM Feature (0x2AA8). */
export interface CgmFeatureFields {
  features: Array<CgmFeature | ReservedBit>;
  type: GlucoseType | ReservedCode;
  sampleLocation: CgmSampleLocation | ReservedCode;
}

/** Size of the CGM Feature value before its E2E-CRC: 24-bit features + type/location octet. */
const DATA_SIZE = 4;
/** The CRC field value when E2E-CRC is not supported (CGMS v1.0.2). */
const NO_CRC = 0xffff;

/**
 * Decodes the CGM Feature (CGMS v1.0.2). The E2E-CRC field is always there; it is checked
 * when the `e2e-crc` feature is set and otherwise ignored (the spec fills it with 0xFFFF).
 * Read this first: its `e2e-crc` feature is the `cgmE2eCrc` context of the other CGM characteristics.
 * @throws GattDecodeError when truncated, on a CRC mismatch or trailing bytes
 */
export function decodeCgmFeature(value: Uint8Array): DecodeResult<CgmFeatureFields> {
  const r = new ByteReader(value, NAME);
  const features = bitNames(CGM_FEATURES, r.uint(3, 'features'), 24);
  const typeAndLocation = r.u8('type-sample location');
  if (features.includes('e2e-crc')) readOptionalE2eCrc(r, value.subarray(0, DATA_SIZE), true);
  else r.u16('E2E-CRC');
  r.end();
  // CGM Type is the least significant nibble, Sample Location the most (GSS CGM Feature note 2).
  return new ReadingCollector().result(NAME, {
    features,
    type: enumName(GLUCOSE_TYPES, typeAndLocation & 0x0f),
    sampleLocation: enumName(CGM_SAMPLE_LOCATIONS, typeAndLocation >> 4),
  });
}

/**
 * Encodes the CGM Feature (inverse of {@link decodeCgmFeature}).
 * @throws RangeError when a field does not fit
 */
export function encodeCgmFeature(f: CgmFeatureFields): Uint8Array {
  const type = enumCode(GLUCOSE_TYPES, f.type, 'type');
  const location = enumCode(CGM_SAMPLE_LOCATIONS, f.sampleLocation, 'sampleLocation');
  if (type > 15 || location > 15) throw new RangeError('type and sampleLocation are nibbles (0..15)');
  const w = new ByteWriter().uint(bitsFromNames(CGM_FEATURES, f.features, 24, 'features'), 3, 'features').u8(type | (location << 4), 'type-sample location');
  return (f.features.includes('e2e-crc') ? appendE2eCrc(w) : w.u16(NO_CRC, 'E2E-CRC')).toBytes();
}

/** Registry entry for 0x2AA8. */
export const cgmFeatureCodec = defineCodec<CgmFeatureFields>('2AA8', NAME, decodeCgmFeature, encodeCgmFeature);
