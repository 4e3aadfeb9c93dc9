/**
 * Canonical metrics: UCUM units and LOINC codes (see docs/mqtt-protocol.md and ARCHITECTURE.md).
 * The plausible range is physiological, used by ingest to dead-letter impossible values
 * (a value outside it is far more likely a decoding or device fault than a patient state).
 */
export const METRICS = {
  glucose: { unit: 'mg/dL', loinc: '2339-0', display: 'Glucose [Mass/volume] in Blood', plausible: [10, 1000] },
  systolic: { unit: 'mm[Hg]', loinc: '8480-6', display: 'Systolic blood pressure', plausible: [40, 300] },
  diastolic: { unit: 'mm[Hg]', loinc: '8462-4', display: 'Diastolic blood pressure', plausible: [20, 200] },
  mean_arterial: { unit: 'mm[Hg]', loinc: '8478-0', display: 'Mean blood pressure', plausible: [30, 250] },
  heart_rate: { unit: '/min', loinc: '8867-4', display: 'Heart rate', plausible: [20, 300] },
  spo2: { unit: '%', loinc: '59408-5', display: 'Oxygen saturation in Arterial blood by Pulse oximetry', plausible: [50, 100] },
  body_weight: { unit: 'kg', loinc: '29463-7', display: 'Body weight', plausible: [0.5, 500] },
  body_temperature: { unit: 'Cel', loinc: '8310-5', display: 'Body temperature', plausible: [25, 45] },
  bmi: { unit: 'kg/m2', loinc: '39156-5', display: 'Body mass index (BMI) [Ratio]', plausible: [5, 150] },
  body_height: { unit: 'm', loinc: '8302-2', display: 'Body height', plausible: [0.2, 2.8] },
} as const satisfies Record<string, { unit: string; loinc: string; display: string; plausible: readonly [number, number] }>;

export type Metric = keyof typeof METRICS;
export const METRIC_NAMES = Object.keys(METRICS) as [Metric, ...Metric[]];

/** LOINC for glucose measured by a CGM in interstitial fluid (FHIR output picks it from the characteristic). */
export const CGM_GLUCOSE_LOINC = '99504-3';
/** LOINC for the blood-pressure panel that groups systolic and diastolic. */
export const BP_PANEL_LOINC = '85354-9';

/** 1 mmol/L of glucose in mg/dL (molar mass 180.16 g/mol). */
export const MG_DL_PER_MMOL_L = 18.016;
/** 1 kPa in mmHg. */
export const MMHG_PER_KPA = 7.50062;

export function isPlausible(metric: Metric, value: number): boolean {
  const [lo, hi] = METRICS[metric].plausible;
  return Number.isFinite(value) && value >= lo && value <= hi;
}
