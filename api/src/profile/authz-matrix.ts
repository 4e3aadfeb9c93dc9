import type { MatrixEntry } from '../http/authz-matrix.ts';

// The profile is part of the record: any active proxy of the patient reads and updates it (a
// parent keeps a child's contact details); staff read it through the care team.
const RECORD_WRITERS = ['patient', 'proxy_with_scope', 'proxy_without_scope'] as const;

export const authzMatrix: MatrixEntry[] = [
  { method: 'GET', path: '/v1/patients/:patientId/profile', request: (ctx) => ({ path: `/v1/patients/${ctx.patientId}/profile` }), allow: [...RECORD_WRITERS, 'clinician_in_team', 'break_glass'] },
  { method: 'PATCH', path: '/v1/patients/:patientId/profile', request: (ctx) => ({ path: `/v1/patients/${ctx.patientId}/profile`, json: { language: 'en' } }), allow: RECORD_WRITERS },
  // nothing is pending: allowed principals get 404, denied ones 401/403
  { method: 'POST', path: '/v1/patients/:patientId/profile/verify-contact', request: (ctx) => ({ path: `/v1/patients/${ctx.patientId}/profile/verify-contact`, json: { channel: 'sms', code: '000000' } }), allow: RECORD_WRITERS },
];
