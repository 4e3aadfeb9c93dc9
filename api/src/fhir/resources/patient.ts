import type { Resource } from '../http/fhir-response.ts';
import { SYSTEMS, V2_IDENTIFIER_TYPE } from '../terminology.ts';
import { present } from './fhir-json.ts';

export interface PatientRow {
  id: string;
  mrn: string;
  given_name: string;
  family_name: string;
  birth_date: string;
  sex: string | null;
  email: string | null;
  phone: string | null;
  clinic_name: string;
}

/** The patients table as a FHIR R4 Patient (demographics only; conditions are not exposed here). */
export function patientResource(r: PatientRow): Resource {
  return present({
    resourceType: 'Patient',
    id: r.id,
    identifier: [{ use: 'usual', type: { coding: [{ system: V2_IDENTIFIER_TYPE, code: 'MR', display: 'Medical record number' }] }, system: SYSTEMS.mrn, value: r.mrn }],
    active: true,
    name: [{ use: 'official', family: r.family_name, given: [r.given_name] }],
    telecom: [r.email ? { system: 'email', value: r.email } : null, r.phone ? { system: 'phone', value: r.phone } : null].filter((t) => t !== null),
    gender: r.sex ?? 'unknown',
    birthDate: r.birth_date,
    managingOrganization: { display: r.clinic_name },
  });
}
