import { randomUUID } from 'node:crypto';
import { EVERYONE_SIGNED_IN, PATIENT_DATA_READERS, type MatrixEntry } from '../http/authz-matrix.ts';

// Writes aim at ids that do not exist: allowed principals get 404, denied ones 401/403, and the
// demo data is left as it was.
export const authzMatrix: MatrixEntry[] = [
  { method: 'GET', path: '/v1/pharmacies', request: () => ({ path: '/v1/pharmacies' }), allow: EVERYONE_SIGNED_IN },
  { method: 'GET', path: '/v1/patients/:patientId/medications', proxyScope: 'medications', request: (ctx) => ({ path: `/v1/patients/${ctx.patientId}/medications` }), allow: PATIENT_DATA_READERS },
  {
    method: 'POST',
    path: '/v1/patients/:patientId/medications',
    proxyScope: 'medications',
    request: (ctx) => ({ path: `/v1/patients/${ctx.patientId}/medications`, json: { name: 'Matrix test 1 mg tablet', dose: '1 mg', route: 'oral', frequency: 'daily', startDate: '2026-06-01' } }),
    allow: ['clinician_in_team', 'break_glass'],
  },
  { method: 'GET', path: '/v1/patients/:patientId/refill-requests', proxyScope: 'medications', request: (ctx) => ({ path: `/v1/patients/${ctx.patientId}/refill-requests` }), allow: PATIENT_DATA_READERS },
  {
    method: 'POST',
    path: '/v1/patients/:patientId/refill-requests',
    proxyScope: 'medications',
    request: (ctx) => ({ path: `/v1/patients/${ctx.patientId}/refill-requests`, json: { medicationId: randomUUID() } }),
    allow: ['patient', 'proxy_with_scope'],
  },
  {
    method: 'POST',
    path: '/v1/patients/:patientId/refill-requests/:refillId/status',
    proxyScope: 'medications',
    request: (ctx) => ({ path: `/v1/patients/${ctx.patientId}/refill-requests/${randomUUID()}/status`, json: { status: 'approved' } }),
    allow: ['clinician_in_team', 'break_glass'],
  },
  { method: 'GET', path: '/v1/refill-requests', request: () => ({ path: '/v1/refill-requests' }), allow: ['clinician_in_team', 'clinician_out_of_team', 'break_glass'] },
];
