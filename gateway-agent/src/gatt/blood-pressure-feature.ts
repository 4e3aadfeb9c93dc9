import { bitFieldFeatureCodec, type FeatureFields } from './feature-codec.ts';

/** Blood Pressure Feature bits 0..5 (BLS v1.0; GSS "Blood Pressure Feature"; higher bits reserved here). */
export const BLOOD_PRESSURE_FEATURES = [
  'body-movement-detection',
  'cuff-fit-detection',
  'irregular-pulse-detection',
  'pulse-rate-range-detection',
  'measurement-position-detection',
  'multiple-bond',
] as const;

/** Decoded Blood Pressure Feature (0x2A49). */
export type BloodPressureFeatureFields = FeatureFields<(typeof BLOOD_PRESSURE_FEATURES)[number]>;

/** Registry entry for 0x2A49: a 16-bit field of supported features. */
export const bloodPressureFeatureCodec = bitFieldFeatureCodec({ uuid: '2A49', name: 'blood_pressure_feature', bits: BLOOD_PRESSURE_FEATURES, size: 2 });
