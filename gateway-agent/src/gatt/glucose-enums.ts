import type { BitTable, EnumTable } from './bit-names.ts';

/** Glucose Measurement "Type" nibble (GLS v1.0.1; GSS Glucose Measurement). */
export const GLUCOSE_TYPES = {
  1: 'capillary-whole-blood',
  2: 'capillary-plasma',
  3: 'venous-whole-blood',
  4: 'venous-plasma',
  5: 'arterial-whole-blood',
  6: 'arterial-plasma',
  7: 'undetermined-whole-blood',
  8: 'undetermined-plasma',
  9: 'interstitial-fluid',
  10: 'control-solution',
} as const satisfies EnumTable<string>;
export type GlucoseType = (typeof GLUCOSE_TYPES)[keyof typeof GLUCOSE_TYPES];

/** Glucose Measurement "Sample Location" nibble (0 and 5..14 reserved, 15 = not available). */
export const GLUCOSE_SAMPLE_LOCATIONS = {
  1: 'finger',
  2: 'alternate-site-test',
  3: 'earlobe',
  4: 'control-solution',
  15: 'not-available',
} as const satisfies EnumTable<string>;
export type GlucoseSampleLocation = (typeof GLUCOSE_SAMPLE_LOCATIONS)[keyof typeof GLUCOSE_SAMPLE_LOCATIONS];

/** CGM Feature "CGM Sample Location" adds 5 = subcutaneous tissue (CGMS v1.0.2; GSS CGM Feature). */
export const CGM_SAMPLE_LOCATIONS = { ...GLUCOSE_SAMPLE_LOCATIONS, 5: 'subcutaneous-tissue' } as const satisfies EnumTable<string>;
export type CgmSampleLocation = (typeof CGM_SAMPLE_LOCATIONS)[keyof typeof CGM_SAMPLE_LOCATIONS];

/** Glucose Measurement "Sensor Status Annunciation" bits 0..11 (12..15 reserved). */
export const GLUCOSE_SENSOR_STATUS = [
  'device-battery-low',
  'sensor-malfunction',
  'sample-size-insufficient',
  'strip-insertion-error',
  'strip-type-incorrect',
  'sensor-result-too-high',
  'sensor-result-too-low',
  'sensor-temperature-too-high',
  'sensor-temperature-too-low',
  'sensor-read-interrupted',
  'general-device-fault',
  'time-fault',
] as const satisfies BitTable<string>;
export type GlucoseSensorStatus = (typeof GLUCOSE_SENSOR_STATUS)[number];
