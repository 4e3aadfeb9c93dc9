import { bitFieldFeatureCodec, type FeatureFields } from './feature-codec.ts';

/** Glucose Feature bits 0..10 (GLS v1.0.1; 11..15 reserved). */
export const GLUCOSE_FEATURES = [
  'low-battery-detection',
  'sensor-malfunction-detection',
  'sensor-sample-size',
  'sensor-strip-insertion-error-detection',
  'sensor-strip-type-error-detection',
  'sensor-result-high-low-detection',
  'sensor-temperature-high-low-detection',
  'sensor-read-interrupt-detection',
  'general-device-fault',
  'time-fault',
  'multiple-bond',
] as const;

/** Decoded Glucose Feature (0x2A51). */
export type GlucoseFeatureFields = FeatureFields<(typeof GLUCOSE_FEATURES)[number]>;

/** Registry entry for 0x2A51: a 16-bit field of supported features. */
export const glucoseFeatureCodec = bitFieldFeatureCodec({ uuid: '2A51', name: 'glucose_feature', bits: GLUCOSE_FEATURES, size: 2 });
