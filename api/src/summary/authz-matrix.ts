import { PATIENT_DATA_READERS, type MatrixEntry } from '../http/authz-matrix.ts';

export const authzMatrix: MatrixEntry[] = [
  // the summary is part of the record: every active proxy reads it (sensitive problems filtered)
  { method: 'GET', path: '/v1/patients/:patientId/summary', request: (ctx) => ({ path: `/v1/patients/${ctx.patientId}/summary` }), allow: [...PATIENT_DATA_READERS, 'proxy_without_scope'] },
  {
    method: 'POST',
    path: '/v1/patients/:patientId/clinic-vitals',
    request: (ctx) => ({ path: `/v1/patients/${ctx.patientId}/clinic-vitals`, json: { metric: 'heart_rate', value: 72, measuredAt: '2026-06-01T09:00:00Z' } }),
    allow: ['clinician_in_team', 'break_glass'],
  },
];
