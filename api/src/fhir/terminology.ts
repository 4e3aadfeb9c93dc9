/**
 * Code systems, profiles and codes the FHIR facade uses, in one place so resource builders,
 * search parameters and the CapabilityStatement agree. Canonical metrics and their LOINC codes
 * come from common/src/metrics.ts (the platform contract); this file adds what only FHIR needs.
 */
import { BP_PANEL_LOINC, CGM_GLUCOSE_LOINC, METRICS, type Metric } from '../../../common/src/metrics.ts';

export const LOINC = 'http://loinc.org';
export const UCUM = 'http://unitsofmeasure.org';
export const MDC = 'urn:iso:std:iso:11073:10101';
export const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
export const PHD_CATEGORY = 'http://hl7.org/fhir/uv/phd/CodeSystem/PhdObservationCategories';
export const DATA_ABSENT_REASON = 'http://terminology.hl7.org/CodeSystem/data-absent-reason';
export const V2_DIAGNOSTIC_SERVICE = 'http://terminology.hl7.org/CodeSystem/v2-0074';
export const OBSERVATION_INTERPRETATION = 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation';
export const PARTICIPATION_TYPE = 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType';
export const V2_IDENTIFIER_TYPE = 'http://terminology.hl7.org/CodeSystem/v2-0203';
/** Core extension the PHD IG uses to name the Personal Health Gateway that forwarded a reading. */
export const GATEWAY_DEVICE_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/observation-gatewayDevice';

/** This server's own naming systems and extensions (not resolvable; stable identifiers only). */
export const VITALS_SYSTEM = 'https://vitals.example.org/fhir';
export const SYSTEMS = {
  mrn: `${VITALS_SYSTEM}/sid/mrn`,
  deviceKey: `${VITALS_SYSTEM}/sid/device-key`,
  gatewayId: `${VITALS_SYSTEM}/sid/gateway-id`,
  reading: `${VITALS_SYSTEM}/sid/reading`,
  labResult: `${VITALS_SYSTEM}/sid/lab-result`,
  appointment: `${VITALS_SYSTEM}/sid/appointment`,
  visitType: `${VITALS_SYSTEM}/CodeSystem/visit-type`,
} as const;
export const EXTENSIONS = {
  /** The device's own wall-clock time, untouched (BLE devices report local time without a zone). */
  deviceLocalTime: `${VITALS_SYSTEM}/StructureDefinition/device-local-time`,
  /** The value and unit the device reported before conversion to the canonical unit. */
  originalQuantity: `${VITALS_SYSTEM}/StructureDefinition/original-quantity`,
} as const;

const VS = 'http://hl7.org/fhir/StructureDefinition';
export const PROFILES = {
  vitalSigns: `${VS}/vitalsigns`,
  bp: `${VS}/bp`,
  heartRate: `${VS}/heartrate`,
  oxygenSat: `${VS}/oxygensat`,
  bodyWeight: `${VS}/bodyweight`,
  bodyTemp: `${VS}/bodytemp`,
  bodyHeight: `${VS}/bodyheight`,
  bmi: `${VS}/bmi`,
  cgmSensorReading: 'http://hl7.org/fhir/uv/cgm/StructureDefinition/cgm-sensor-reading-mass-per-volume',
} as const;

/** Display text for UCUM codes (the code is the contract; `unit` is for people). */
export const UCUM_DISPLAY: Record<string, string> = { 'mm[Hg]': 'mmHg', Cel: '°C', '/min': 'beats/minute', '%': '%', kg: 'kg', 'mg/dL': 'mg/dL', 'kg/m2': 'kg/m2', m: 'm', d: 'days' };

/**
 * How a canonical metric becomes an Observation: its category and profile. Glucose is not a
 * vital sign in FHIR (the vital-signs profiles list no glucose code), so it is `laboratory`, as the
 * CGM IG's examples have it; every device reading also carries the PHD IG category.
 */
export interface MetricFhir {
  category: 'vital-signs' | 'laboratory';
  profile: string | null;
  /** Extra codings required by a vital-signs profile (oxygensat requires 2708-6). */
  extraCodings: Array<{ code: string; display: string }>;
}

export const METRIC_FHIR: Record<Metric, MetricFhir> = {
  glucose: { category: 'laboratory', profile: null, extraCodings: [] },
  systolic: { category: 'vital-signs', profile: PROFILES.bp, extraCodings: [] },
  diastolic: { category: 'vital-signs', profile: PROFILES.bp, extraCodings: [] },
  mean_arterial: { category: 'vital-signs', profile: PROFILES.bp, extraCodings: [] },
  heart_rate: { category: 'vital-signs', profile: PROFILES.heartRate, extraCodings: [] },
  spo2: { category: 'vital-signs', profile: PROFILES.oxygenSat, extraCodings: [{ code: '2708-6', display: 'Oxygen saturation in Arterial blood' }] },
  body_weight: { category: 'vital-signs', profile: PROFILES.bodyWeight, extraCodings: [] },
  body_temperature: { category: 'vital-signs', profile: PROFILES.bodyTemp, extraCodings: [] },
  bmi: { category: 'vital-signs', profile: PROFILES.bmi, extraCodings: [] },
  body_height: { category: 'vital-signs', profile: PROFILES.bodyHeight, extraCodings: [] },
};

/** The GATT characteristic of CGM measurements: glucose from it is interstitial (CGM_GLUCOSE_LOINC). */
export const CGM_CHARACTERISTIC = '2AA7';
export const BP_METRICS: readonly Metric[] = ['systolic', 'diastolic', 'mean_arterial'];

export const BP_PANEL = { code: BP_PANEL_LOINC, display: 'Blood pressure panel with all children optional' };
export const CGM_GLUCOSE = { code: CGM_GLUCOSE_LOINC, display: 'Glucose [Mass/volume] in Interstitial fluid' };

/**
 * Reading rows form Observation groups: the BP metrics of one reading are one panel (`bp`); every
 * other metric is an Observation of its own, named by the metric with dashes. The group is part of
 * the Observation id (observation-repo.ts groups in SQL the same way).
 *
 * @returns the metrics of a group, or null for an unknown group
 */
export function groupMetrics(group: string): readonly Metric[] | null {
  if (group === 'bp') return BP_METRICS;
  const metric = group.replaceAll('-', '_');
  return metric in METRICS && !BP_METRICS.includes(metric as Metric) ? [metric as Metric] : null;
}

/**
 * The LOINC code of a reading group's Observation.code, and whether it is CGM glucose. What a
 * `code` search matches: see readingCodeFilter in search/observation-codes.ts.
 */
export function readingCode(group: string, cgm: boolean): { code: string; display: string } {
  if (group === 'bp') return BP_PANEL;
  const metric = group.replaceAll('-', '_') as Metric;
  if (metric === 'glucose' && cgm) return CGM_GLUCOSE;
  return { code: METRICS[metric].loinc, display: METRICS[metric].display };
}

/** IEEE 11073-10101 device specialization codes (PHD IG value set DeviceTypes11073MDC). */
export const DEVICE_TYPE_MDC: Record<string, { code: string; display: string }> = {
  glucose_meter: { code: '528401', display: 'MDC_DEV_SPEC_PROFILE_GLUCOSE: Glucose monitor' },
  cgm: { code: '528409', display: 'MDC_DEV_SPEC_PROFILE_CGM: Continuous Glucose Monitor' },
  bp_cuff: { code: '528391', display: 'MDC_DEV_SPEC_PROFILE_BP: Non-invasive Blood Pressure monitor' },
  pulse_oximeter: { code: '528388', display: 'MDC_DEV_SPEC_PROFILE_PULS_OXIM: Pulse oximeter' },
  scale: { code: '528399', display: 'MDC_DEV_SPEC_PROFILE_SCALE: Weight scale' },
  thermometer: { code: '528392', display: 'MDC_DEV_SPEC_PROFILE_TEMP: Thermometer' },
  heart_rate: { code: '528525', display: 'MDC_DEV_SUB_SPEC_PROFILE_HR: Heart rate sensor' },
};
