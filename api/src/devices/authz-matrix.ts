import { randomBytes, randomUUID } from 'node:crypto';
import type { MatrixEntry } from '../http/authz-matrix.ts';
import { DEVICES } from '../../../db/src/seed-data.ts';

const uniq = () => randomBytes(4).toString('hex');
const mariasMeter = DEVICES.find((d) => d.key === 'GM-0001')!;

export const authzMatrix: MatrixEntry[] = [
  { method: 'POST', path: '/v1/gateways', request: () => ({ path: '/v1/gateways', json: { id: `gw-m-${uniq()}` } }), allow: ['clinician_in_team', 'clinician_out_of_team', 'break_glass', 'admin'] },
  { method: 'GET', path: '/v1/gateways', request: () => ({ path: '/v1/gateways' }), allow: ['clinician_in_team', 'clinician_out_of_team', 'break_glass', 'admin'] },
  // rotating/revoking is destructive: aim at a gateway that does not exist (allowed → 404, denied → 403)
  { method: 'POST', path: '/v1/gateways/:gatewayId/rotate', request: () => ({ path: `/v1/gateways/gw-none-${uniq()}/rotate` }), allow: ['admin'] },
  { method: 'POST', path: '/v1/gateways/:gatewayId/revoke', request: () => ({ path: `/v1/gateways/gw-none-${uniq()}/revoke` }), allow: ['admin'] },
  { method: 'POST', path: '/v1/devices', request: () => ({ path: '/v1/devices', json: { deviceKey: `M-${uniq()}`, type: 'scale' } }), allow: ['clinician_in_team', 'clinician_out_of_team', 'break_glass', 'admin'] },
  { method: 'GET', path: '/v1/devices', request: () => ({ path: '/v1/devices' }), allow: ['clinician_in_team', 'clinician_out_of_team', 'break_glass', 'admin'] },
  {
    method: 'POST',
    path: '/v1/devices/:deviceId/assignments',
    // overlapping the seed assignment: allowed principals get 409, denied ones 401/403
    request: (ctx) => ({ path: `/v1/devices/${mariasMeter.id}/assignments`, json: { patientId: ctx.patientId, from: '2026-01-01T00:00:00Z' } }),
    allow: ['clinician_in_team', 'break_glass', 'admin'],
  },
  {
    method: 'POST',
    path: '/v1/devices/:deviceId/assignments/:assignmentId/end',
    request: () => ({ path: `/v1/devices/${mariasMeter.id}/assignments/${randomUUID()}/end`, json: { at: '2026-01-01T00:00:00Z' } }),
    // no such assignment: staff get 404 before any patient check; others 401/403
    allow: ['clinician_in_team', 'clinician_out_of_team', 'break_glass', 'admin'],
  },
  { method: 'GET', path: '/v1/patients/:patientId/devices', request: (ctx) => ({ path: `/v1/patients/${ctx.patientId}/devices` }), allow: ['patient', 'proxy_with_scope', 'proxy_without_scope', 'clinician_in_team', 'break_glass'] },
];
