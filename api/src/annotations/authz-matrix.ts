import { randomUUID } from 'node:crypto';
import { PATIENT_DATA_READERS, type MatrixEntry } from '../http/authz-matrix.ts';

const path = (patientId: string) => `/v1/patients/${patientId}/annotations`;

export const authzMatrix: MatrixEntry[] = [
  { method: 'GET', path: '/v1/patients/:patientId/annotations', proxyScope: 'readings', request: ({ patientId }) => ({ path: path(patientId) }), allow: PATIENT_DATA_READERS },
  {
    method: 'POST',
    path: '/v1/patients/:patientId/annotations',
    proxyScope: 'readings',
    request: ({ patientId }) => ({ path: path(patientId), json: { at: '2026-05-31T08:00:00Z', detail: { kind: 'meal', meal: 'breakfast', timing: 'before' } } }),
    allow: PATIENT_DATA_READERS,
  },
  // no such annotation: allowed principals get 404 after the access check, the others 401/403
  { method: 'DELETE', path: '/v1/patients/:patientId/annotations/:annotationId', proxyScope: 'readings', request: ({ patientId }) => ({ path: `${path(patientId)}/${randomUUID()}` }), allow: PATIENT_DATA_READERS },
];
