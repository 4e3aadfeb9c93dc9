/**
 * A lab result (lab_results, the results feature's table) as FHIR R4: an Observation with the
 * value, reference range and flag, and a DiagnosticReport that reports it. The table has one row
 * per test and no order or panel grouping, so each result is one report of one Observation.
 */
import type { ResultRow } from '../../results/result-repo.ts';
import type { Resource } from '../http/fhir-response.ts';
import { LOINC, OBSERVATION_CATEGORY, OBSERVATION_INTERPRETATION, SYSTEMS, V2_DIAGNOSTIC_SERVICE } from '../terminology.ts';
import { present, ref } from './fhir-json.ts';

/** The columns of a lab result (the results feature's row) that FHIR shows. */
export type LabResultRow = Pick<
  ResultRow,
  'id' | 'patient_id' | 'loinc' | 'display_name' | 'category' | 'value_numeric' | 'value_text' | 'unit' | 'ref_low' | 'ref_high' | 'ref_text' | 'flag' | 'comment' | 'collected_at' | 'resulted_at' | 'verified_at'
>;

export const labObservationId = (id: string) => `lab-${id}`;

const INTERPRETATION: Record<string, string> = { N: 'Normal', L: 'Low', H: 'High', LL: 'Critical low', HH: 'Critical high', A: 'Abnormal' };

const quantity = (value: number, unit: string | null) => present({ value, unit, system: unit ? 'http://unitsofmeasure.org' : null, code: unit });

function common(r: LabResultRow) {
  return {
    status: r.verified_at ? 'final' : 'preliminary',
    code: { coding: [{ system: LOINC, code: r.loinc, display: r.display_name }], text: r.display_name },
    subject: ref('Patient', r.patient_id),
    effectiveDateTime: r.collected_at.toISOString(),
    issued: (r.verified_at ?? r.resulted_at).toISOString(),
  };
}

export function labObservation(r: LabResultRow): Resource {
  const range = present({ low: r.ref_low !== null ? quantity(r.ref_low, r.unit) : null, high: r.ref_high !== null ? quantity(r.ref_high, r.unit) : null, text: r.ref_text });
  return present({
    resourceType: 'Observation',
    id: labObservationId(r.id),
    identifier: [{ system: SYSTEMS.labResult, value: r.id }],
    ...common(r),
    category: [{ coding: [{ system: OBSERVATION_CATEGORY, code: 'laboratory', display: 'Laboratory' }], text: r.category.replaceAll('_', ' ') }],
    valueQuantity: r.value_numeric !== null ? quantity(r.value_numeric, r.unit) : null,
    valueString: r.value_text,
    interpretation: r.flag ? [{ coding: [{ system: OBSERVATION_INTERPRETATION, code: r.flag, display: INTERPRETATION[r.flag] }] }] : null,
    referenceRange: Object.keys(range).length ? [range] : null,
    note: r.comment ? [{ text: r.comment }] : null,
  });
}

export function labDiagnosticReport(r: LabResultRow): Resource {
  return present({
    resourceType: 'DiagnosticReport',
    id: r.id,
    identifier: [{ system: SYSTEMS.labResult, value: r.id }],
    ...common(r),
    category: [{ coding: [{ system: V2_DIAGNOSTIC_SERVICE, code: 'LAB', display: 'Laboratory' }], text: r.category.replaceAll('_', ' ') }],
    result: [ref('Observation', labObservationId(r.id), r.display_name)],
    conclusion: r.comment,
  });
}
