import type { SearchParamSpec, SearchSpec } from './search-request.ts';

const patient: SearchParamSpec = { name: 'patient', type: 'reference', description: 'The patient (id or Patient/id); a signed-in patient may leave it out' };
const subject: SearchParamSpec = { ...patient, name: 'subject' };
const date = (what: string): SearchParamSpec => ({ name: 'date', type: 'date', description: `${what}; prefixes eq, gt, ge, lt, le; repeat for a range (date=ge2026-05-01&date=lt2026-06-01)` });

/** The search parameters of each resource type; the CapabilityStatement lists the same. */
export const SEARCH_SPECS = {
  Patient: {
    params: [
      { name: '_id', type: 'token', description: 'Patient id' },
      { name: 'identifier', type: 'token', description: 'Medical record number ([system]|MRN)' },
    ],
    sorts: [],
  },
  Observation: {
    params: [
      patient,
      subject,
      { name: 'code', type: 'token', description: 'LOINC code, e.g. http://loinc.org|85354-9 (BP panel), 8867-4, 99504-3 (CGM glucose), or a lab test' },
      { name: 'category', type: 'token', description: 'vital-signs, laboratory, or phd-observation (device readings)' },
      date('effectiveDateTime'),
    ],
    sorts: ['date'],
  },
  Device: {
    params: [patient, { name: 'type', type: 'token', description: 'IEEE 11073-10101 device specialization, e.g. urn:iso:std:iso:11073:10101|528391 (BP monitor)' }],
    sorts: [],
  },
  DiagnosticReport: {
    params: [patient, subject, { name: 'code', type: 'token', description: 'LOINC code of the test' }, { name: 'category', type: 'token', description: 'LAB (v2-0074)' }, date('effectiveDateTime (collection time)')],
    sorts: ['date'],
  },
  Appointment: {
    params: [patient, { name: 'status', type: 'token', description: 'booked, cancelled, fulfilled, noshow' }, date('start')],
    sorts: ['date'],
  },
} as const satisfies Record<string, SearchSpec>;

export type SearchableType = keyof typeof SEARCH_SPECS;
