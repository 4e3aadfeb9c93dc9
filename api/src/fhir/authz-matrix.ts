import type pg from 'pg';
import { DEVICES } from '../../../db/src/seed-data.ts';
import { EVERYONE_SIGNED_IN, PATIENT_DATA_READERS, PUBLIC, type MatrixEntry, type MatrixPrincipal } from '../http/authz-matrix.ts';
import { bpWireReading, ingestReadings, insertAppointment, insertLabResult } from './testing/fhir-fixtures.ts';

/** Rows of Maria the read entries ask for (fixed ids). */
const FIXTURE = {
  bpSequence: 9001,
  labResult: '00000000-0000-4000-8000-0000000f1001',
  appointment: '00000000-0000-4000-8000-0000000f1002',
} as const;
const cuff = DEVICES.find((d) => d.key === 'BP-0001')!;
const bpReading = bpWireReading(cuff.key, '2026-05-20T07:00:00.000Z', FIXTURE.bpSequence, { sys: 128, dia: 82, map: 97, pulse: 71 });

/** `record` is open to every active proxy (demographics, devices). */
const RECORD_READERS: readonly MatrixPrincipal[] = [...PATIENT_DATA_READERS, 'proxy_without_scope'];

export async function setupMatrixFixtures(env: { db: pg.Pool; patientId: string; now: Date }): Promise<void> {
  await ingestReadings(env.db, cuff.gatewayId, [bpReading], new Date('2026-05-20T07:00:05Z'));
  await insertLabResult(env.db, env.patientId, 'released', { id: FIXTURE.labResult, loinc: '4548-4', name: 'Hemoglobin A1c', value: 7.1, unit: '%', collectedAt: '2026-05-10T09:00:00Z', now: env.now });
  await insertAppointment(env.db, env.patientId, '2026-07-15T03:00:00Z', FIXTURE.appointment);
}

export const authzMatrix: MatrixEntry[] = [
  { method: 'GET', path: '/fhir/R4/metadata', request: () => ({ path: '/fhir/R4/metadata' }), allow: PUBLIC },
  // a search returns the patients the caller may see (maybe none): never a denial
  { method: 'GET', path: '/fhir/R4/Patient', request: () => ({ path: '/fhir/R4/Patient' }), allow: EVERYONE_SIGNED_IN },
  { method: 'GET', path: '/fhir/R4/Patient/:id', request: (ctx) => ({ path: `/fhir/R4/Patient/${ctx.patientId}` }), allow: RECORD_READERS },
  // each part needs its own scope; a proxy without `readings` still exports the record part
  { method: 'GET', path: '/fhir/R4/Patient/:id/$export', proxyScope: 'readings', request: (ctx) => ({ path: `/fhir/R4/Patient/${ctx.patientId}/$export` }), allow: RECORD_READERS },
  { method: 'GET', path: '/fhir/R4/Patient/:id/$cgm-summary', proxyScope: 'readings', request: (ctx) => ({ path: `/fhir/R4/Patient/${ctx.patientId}/$cgm-summary` }), allow: PATIENT_DATA_READERS },
  // vital signs are device readings only, so the search needs exactly `readings` (lab results need `results`)
  { method: 'GET', path: '/fhir/R4/Observation', proxyScope: 'readings', request: (ctx) => ({ path: `/fhir/R4/Observation?patient=${ctx.patientId}&category=vital-signs` }), allow: PATIENT_DATA_READERS },
  { method: 'GET', path: '/fhir/R4/Observation/:id', proxyScope: 'readings', request: () => ({ path: `/fhir/R4/Observation/${bpReading.id}-bp` }), allow: PATIENT_DATA_READERS },
  { method: 'GET', path: '/fhir/R4/Device', request: (ctx) => ({ path: `/fhir/R4/Device?patient=${ctx.patientId}` }), allow: RECORD_READERS },
  { method: 'GET', path: '/fhir/R4/Device/:id', request: () => ({ path: `/fhir/R4/Device/${cuff.id}` }), allow: RECORD_READERS },
  { method: 'GET', path: '/fhir/R4/DiagnosticReport', proxyScope: 'results', request: (ctx) => ({ path: `/fhir/R4/DiagnosticReport?patient=${ctx.patientId}` }), allow: PATIENT_DATA_READERS },
  { method: 'GET', path: '/fhir/R4/DiagnosticReport/:id', proxyScope: 'results', request: () => ({ path: `/fhir/R4/DiagnosticReport/${FIXTURE.labResult}` }), allow: PATIENT_DATA_READERS },
  { method: 'GET', path: '/fhir/R4/Appointment', proxyScope: 'appointments', request: (ctx) => ({ path: `/fhir/R4/Appointment?patient=${ctx.patientId}` }), allow: PATIENT_DATA_READERS },
  { method: 'GET', path: '/fhir/R4/Appointment/:id', proxyScope: 'appointments', request: () => ({ path: `/fhir/R4/Appointment/${FIXTURE.appointment}` }), allow: PATIENT_DATA_READERS },
];
