import type { MatrixEntry } from '../http/authz-matrix.ts';

/** Clinicians only: the care team's, or one who broke the glass. */
const CLINICIANS = ['clinician_in_team', 'break_glass'] as const;
const at = (patientId: string, rest: string) => `/v1/patients/${patientId}/${rest}`;

export const authzMatrix: MatrixEntry[] = [
  { method: 'GET', path: '/v1/patients/:patientId/time-logs', request: ({ patientId }) => ({ path: at(patientId, 'time-logs?month=2026-05') }), allow: CLINICIANS },
  { method: 'POST', path: '/v1/patients/:patientId/time-logs', request: ({ patientId }) => ({ path: at(patientId, 'time-logs'), json: { startedAt: '2026-05-20T14:00:00Z', minutes: 5 } }), allow: CLINICIANS },
  // allowed principals start a timer (201), or find one running (409): both pass the access check
  { method: 'POST', path: '/v1/patients/:patientId/time-logs/timer', request: ({ patientId }) => ({ path: at(patientId, 'time-logs/timer') }), allow: CLINICIANS },
  { method: 'POST', path: '/v1/patients/:patientId/time-logs/timer/stop', request: ({ patientId }) => ({ path: at(patientId, 'time-logs/timer/stop') }), allow: CLINICIANS },
  { method: 'POST', path: '/v1/patients/:patientId/communications', request: ({ patientId }) => ({ path: at(patientId, 'communications'), json: { channel: 'phone', startedAt: '2026-05-20T15:00:00Z', minutes: 3 } }), allow: CLINICIANS },
];
