import { toFhirNote } from '../../annotations/fhir-note.ts';
import type { Annotation } from '../../annotations/schemas.ts';
/**
 * A device reading as a FHIR R4 Observation: the vital-signs profiles (category, LOINC code, UCUM
 * quantity; the BP panel 85354-9 with systolic 8480-6 and diastolic 8462-4 components) or the CGM
 * IG sensor-reading profile for interstitial glucose, plus the provenance the Personal Health
 * Device IG asks for: `device` (the measuring device), the `observation-gatewayDevice` extension
 * (the home gateway that forwarded it) and `issued` (when the platform received it).
 */
import { METRICS, type Metric } from '../../../../common/src/metrics.ts';
import type { Resource } from '../http/fhir-response.ts';
import {
  CGM_CHARACTERISTIC,
  DATA_ABSENT_REASON,
  EXTENSIONS,
  GATEWAY_DEVICE_EXTENSION,
  LOINC,
  METRIC_FHIR,
  OBSERVATION_CATEGORY,
  PHD_CATEGORY,
  PROFILES,
  SYSTEMS,
  UCUM_DISPLAY,
  readingCode,
} from '../terminology.ts';
import { present, ref, ucumQuantity } from './fhir-json.ts';

export interface ReadingValue {
  metric: Metric;
  value: number;
  unit: string;
  originalValue: number | null;
  originalUnit: string | null;
}

/** The rows of one reading that make one Observation (all BP metrics, or one other metric). */
export interface ReadingGroup {
  readingId: string;
  /** `bp` or the metric with dashes (groupMetrics in terminology.ts). */
  group: string;
  patientId: string;
  measuredAt: string;
  receivedAt: string;
  deviceId: string;
  deviceType: string | null;
  deviceName: string | null;
  gatewayId: string | null;
  characteristic: string | null;
  deviceTime: string | null;
  flags: string[] | null;
  values: ReadingValue[];
}

/** The Observation id of a reading group: the reading id, a dash, the group. */
export const readingObservationId = (readingId: string, group: string) => `${readingId}-${group}`;

/** Whether a glucose reading came from a CGM (interstitial fluid), which has its own LOINC code. */
export const isCgmReading = (g: Pick<ReadingGroup, 'characteristic' | 'deviceType'>) => g.characteristic === CGM_CHARACTERISTIC || g.deviceType === 'cgm';

const BP_COMPONENTS: readonly Metric[] = ['systolic', 'diastolic', 'mean_arterial'];
/** The BP profile requires systolic and diastolic; a missing one is stated as absent, not dropped. */
const BP_REQUIRED: readonly Metric[] = ['systolic', 'diastolic'];

function metricQuantity(v: ReadingValue) {
  return ucumQuantity(v.value, v.unit, UCUM_DISPLAY);
}

function originalQuantityExtension(v: ReadingValue) {
  if (v.originalValue === null || !v.originalUnit || v.originalUnit === v.unit) return null;
  return { url: EXTENSIONS.originalQuantity, valueQuantity: { value: v.originalValue, unit: v.originalUnit, system: 'http://unitsofmeasure.org', code: v.originalUnit } };
}

function bpComponents(values: readonly ReadingValue[]): Array<Record<string, unknown>> {
  return BP_COMPONENTS.flatMap((metric): Array<Record<string, unknown>> => {
    const v = values.find((x) => x.metric === metric);
    const code = { coding: [{ system: LOINC, code: METRICS[metric].loinc, display: METRICS[metric].display }], text: METRICS[metric].display };
    if (v) return [present({ extension: [originalQuantityExtension(v)].filter((e) => e !== null), code, valueQuantity: metricQuantity(v) })];
    if (BP_REQUIRED.includes(metric)) return [{ code, dataAbsentReason: { coding: [{ system: DATA_ABSENT_REASON, code: 'unknown', display: 'Unknown' }] } }];
    return [];
  });
}

/**
 * Build the Observation of one reading group.
 * @param g - the group's rows; a `bp` group may hold systolic, diastolic and mean arterial pressure
 */
export function readingObservation(g: ReadingGroup, annotations: readonly Annotation[] = []): Resource {
  const first = g.values[0]!;
  const isBp = g.group === 'bp';
  const cgm = first.metric === 'glucose' && isCgmReading(g);
  const fhir = METRIC_FHIR[first.metric];
  const code = readingCode(g.group, cgm);
  const category = fhir.category;
  // device flags, then what the patient or clinicians noted about this reading (meal, symptom…)
  const notes: Array<Record<string, unknown>> = [...(g.flags?.length ? [{ text: `Device flags: ${g.flags.join(', ')}` }] : []), ...annotations.map((a) => toFhirNote(a, `Patient/${g.patientId}`))];
  const profiles = category === 'vital-signs' ? [PROFILES.vitalSigns, fhir.profile] : cgm ? [PROFILES.cgmSensorReading] : [];
  return present({
    resourceType: 'Observation',
    id: readingObservationId(g.readingId, g.group),
    meta: present({ lastUpdated: g.receivedAt, profile: profiles.filter((p): p is string => p !== null) }),
    extension: [
      g.gatewayId ? { url: GATEWAY_DEVICE_EXTENSION, valueReference: { identifier: { system: SYSTEMS.gatewayId, value: g.gatewayId }, display: `Gateway ${g.gatewayId}` } } : null,
      g.deviceTime ? { url: EXTENSIONS.deviceLocalTime, valueString: g.deviceTime } : null,
      isBp ? null : originalQuantityExtension(first),
    ].filter((e) => e !== null),
    identifier: [{ system: SYSTEMS.reading, value: readingObservationId(g.readingId, g.group) }],
    status: 'final',
    category: [
      { coding: [{ system: OBSERVATION_CATEGORY, code: category, display: category === 'vital-signs' ? 'Vital Signs' : 'Laboratory' }], text: category === 'vital-signs' ? 'Vital Signs' : 'Laboratory' },
      { coding: [{ system: PHD_CATEGORY, code: 'phd-observation', display: 'PHD generated Observation' }] },
    ],
    code: { coding: [{ system: LOINC, ...code }, ...fhir.extraCodings.map((c) => ({ system: LOINC, ...c }))], text: code.display },
    subject: ref('Patient', g.patientId),
    effectiveDateTime: g.measuredAt,
    issued: g.receivedAt,
    valueQuantity: isBp ? null : metricQuantity(first),
    note: notes.length ? notes : null,
    device: ref('Device', g.deviceId, g.deviceName),
    component: isBp ? bpComponents(g.values) : null,
  });
}
