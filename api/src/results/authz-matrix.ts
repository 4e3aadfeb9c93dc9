import { randomUUID } from 'node:crypto';
import type { MatrixEntry } from '../http/authz-matrix.ts';
import { PATIENT_DATA_READERS } from '../http/authz-matrix.ts';
import { DEMO_RESULTS } from './demo-seed.ts';

/** Maria's latest HbA1c: verified and released in the demo seed. */
const released = DEMO_RESULTS.find((r) => r.loinc === '4548-4' && r.collectedDaysBefore === 8)!;
const resultPath = (patientId: string, rest = '') => `/v1/patients/${patientId}/results/${released.id}${rest}`;
const clinicians = ['clinician_in_team', 'clinician_out_of_team', 'break_glass'] as const;

export const authzMatrix: MatrixEntry[] = [
  { method: 'GET', path: '/v1/patients/:patientId/results', proxyScope: 'results', request: (ctx) => ({ path: `/v1/patients/${ctx.patientId}/results` }), allow: PATIENT_DATA_READERS },
  {
    method: 'POST',
    path: '/v1/patients/:patientId/results',
    proxyScope: 'results',
    request: (ctx) => ({ path: `/v1/patients/${ctx.patientId}/results`, json: { loinc: '2345-7', category: 'chemistry', value: 96, unit: 'mg/dL', referenceRange: { low: 70, high: 99 }, collectedAt: '2026-05-31T12:00:00Z' } }),
    // recorded by the care team only: break-the-glass reads, it does not add to the record
    allow: ['clinician_in_team'],
  },
  { method: 'GET', path: '/v1/patients/:patientId/results/trend', proxyScope: 'results', request: (ctx) => ({ path: `/v1/patients/${ctx.patientId}/results/trend?loinc=4548-4` }), allow: PATIENT_DATA_READERS },
  { method: 'GET', path: '/v1/patients/:patientId/results/:resultId', proxyScope: 'results', request: (ctx) => ({ path: resultPath(ctx.patientId) }), allow: PATIENT_DATA_READERS },
  { method: 'GET', path: '/v1/patients/:patientId/results/:resultId/print', proxyScope: 'results', request: (ctx) => ({ path: resultPath(ctx.patientId, '/print') }), allow: PATIENT_DATA_READERS },
  {
    method: 'POST',
    path: '/v1/patients/:patientId/results/:resultId/verify',
    proxyScope: 'results',
    // no such result: clinicians with access get 404 after the access check, the rest 401/403
    request: (ctx) => ({ path: `/v1/patients/${ctx.patientId}/results/${randomUUID()}/verify` }),
    allow: ['clinician_in_team', 'break_glass'],
  },
  { method: 'GET', path: '/v1/results/unverified', request: () => ({ path: '/v1/results/unverified' }), allow: clinicians },
  { method: 'GET', path: '/v1/result-release-delays', request: () => ({ path: '/v1/result-release-delays' }), allow: [...clinicians, 'admin'] },
  { method: 'PUT', path: '/v1/result-release-delays', request: () => ({ path: '/v1/result-release-delays', json: { delays: [] } }), allow: ['admin'] },
  { method: 'GET', path: '/v1/care-tasks', request: () => ({ path: '/v1/care-tasks' }), allow: clinicians },
  // no such task: clinicians get 404 before any patient check; others 401/403
  { method: 'POST', path: '/v1/care-tasks/:taskId/complete', request: () => ({ path: `/v1/care-tasks/${randomUUID()}/complete`, json: { note: 'Matrix' } }), allow: clinicians },
];
