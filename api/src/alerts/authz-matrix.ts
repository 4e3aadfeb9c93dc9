import { randomUUID } from 'node:crypto';
import { defaultClinicRules } from '../../../alerts/src/rules/default-rules.ts';
import { defaultEscalationPolicy } from '../../../alerts/src/rules/lifecycle.ts';
import { EVERYONE_SIGNED_IN, PATIENT_DATA_READERS, type MatrixEntry, type MatrixPrincipal } from '../http/authz-matrix.ts';

/** Every clinician, whatever their care teams: the inbox and stream are limited to their own patients by the query. */
const CLINICIANS: readonly MatrixPrincipal[] = ['clinician_in_team', 'clinician_out_of_team', 'break_glass'];
/** Who may act on a patient's alerts: clinicians with access to the patient. */
const TREATING: readonly MatrixPrincipal[] = ['clinician_in_team', 'break_glass'];
const ADMIN: readonly MatrixPrincipal[] = ['admin'];

/** A lifecycle action on an alert that does not exist: allowed principals pass the guard and get 404, others 401/403. */
const action = (name: string, json?: unknown): MatrixEntry => ({
  method: 'POST',
  path: `/v1/patients/:patientId/alerts/:alertId/${name}`,
  proxyScope: 'readings',
  request: (ctx) => ({ path: `/v1/patients/${ctx.patientId}/alerts/${randomUUID()}/${name}`, ...(json === undefined ? {} : { json }) }),
  allow: TREATING,
});

export const authzMatrix: MatrixEntry[] = [
  { method: 'GET', path: '/v1/alerts', request: () => ({ path: '/v1/alerts?state=open&severity=urgent,high' }), allow: CLINICIANS },
  // one second: the stream ends by itself, so a matrix run does not hang on it
  { method: 'GET', path: '/v1/alerts/stream', request: () => ({ path: '/v1/alerts/stream?maxSeconds=1' }), allow: CLINICIANS },
  { method: 'GET', path: '/v1/alerts/preferences', request: () => ({ path: '/v1/alerts/preferences' }), allow: EVERYONE_SIGNED_IN },
  { method: 'PUT', path: '/v1/alerts/preferences', request: () => ({ path: '/v1/alerts/preferences', json: { channels: ['in_app', 'email'], minSeverity: 'high', ownAlerts: false } }), allow: EVERYONE_SIGNED_IN },
  // patients and proxies who have not opted in get an empty list with optedIn: false, not a denial
  { method: 'GET', path: '/v1/patients/:patientId/alerts', proxyScope: 'readings', request: (ctx) => ({ path: `/v1/patients/${ctx.patientId}/alerts` }), allow: PATIENT_DATA_READERS },
  {
    method: 'GET',
    path: '/v1/patients/:patientId/alerts/:alertId',
    proxyScope: 'readings',
    request: (ctx) => ({ path: `/v1/patients/${ctx.patientId}/alerts/${randomUUID()}` }),
    allow: PATIENT_DATA_READERS,
  },
  action('acknowledge'),
  action('resolve'),
  action('snooze', { minutes: 30 }),
  action('notes', { text: 'called the patient' }),
  { method: 'GET', path: '/v1/alert-rules', request: () => ({ path: '/v1/alert-rules' }), allow: [...CLINICIANS, 'admin'] },
  { method: 'PUT', path: '/v1/alert-rules', request: () => ({ path: '/v1/alert-rules', json: { rules: defaultClinicRules(), escalation: defaultEscalationPolicy() } }), allow: ADMIN },
  { method: 'GET', path: '/v1/patients/:patientId/alert-rules', proxyScope: 'readings', request: (ctx) => ({ path: `/v1/patients/${ctx.patientId}/alert-rules` }), allow: TREATING },
  { method: 'PUT', path: '/v1/patients/:patientId/alert-rules', proxyScope: 'readings', request: (ctx) => ({ path: `/v1/patients/${ctx.patientId}/alert-rules`, json: {} }), allow: TREATING },
  { method: 'POST', path: '/v1/admin/webhooks', request: () => ({ path: '/v1/admin/webhooks', json: { url: 'https://hooks.example.org/vitals' } }), allow: ADMIN },
  { method: 'GET', path: '/v1/admin/webhooks', request: () => ({ path: '/v1/admin/webhooks' }), allow: ADMIN },
  { method: 'DELETE', path: '/v1/admin/webhooks/:endpointId', request: () => ({ path: `/v1/admin/webhooks/${randomUUID()}` }), allow: ADMIN },
  { method: 'GET', path: '/v1/admin/webhook-dead-letters', request: () => ({ path: '/v1/admin/webhook-dead-letters' }), allow: ADMIN },
];
