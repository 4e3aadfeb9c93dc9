import { randomBytes, randomUUID } from 'node:crypto';
import { PATIENT_DATA_READERS, type MatrixEntry, type MatrixPrincipal } from '../http/authz-matrix.ts';
import { ICS_ROUTE_PATH } from './appointment-routes.ts';
import { DEMO_APPOINTMENTS, DEMO_LOCATION, DEMO_PROVIDERS, DEMO_VISIT_TYPES } from './demo-data.ts';

const uniq = () => randomBytes(4).toString('hex');
const ADMIN = '/v1/admin/scheduling';
const adminOnly: MatrixPrincipal[] = ['admin'];
const STAFF: MatrixPrincipal[] = ['clinician_in_team', 'clinician_out_of_team', 'break_glass', 'admin'];
const CLINICIANS: MatrixPrincipal[] = ['clinician_in_team', 'clinician_out_of_team', 'break_glass'];
/** Anyone related to Maria's record (scope `record`): the catalog of her clinic. */
const RELATED: MatrixPrincipal[] = ['patient', 'proxy_with_scope', 'proxy_without_scope', 'clinician_in_team', 'break_glass'];
const mariasPast = DEMO_APPOINTMENTS[0]!.id;
const range = 'from=2026-06-01&to=2026-06-14';
const patientEntry = (method: MatrixEntry['method'], path: string, request: MatrixEntry['request']): MatrixEntry => ({ method, path, proxyScope: 'appointments', request, allow: PATIENT_DATA_READERS });
const P = '/v1/patients/:patientId';

export const authzMatrix: MatrixEntry[] = [
  // Dr. Chen is a provider already: the admin gets 409, everyone else 401/403
  { method: 'POST', path: `${ADMIN}/providers`, request: () => ({ path: `${ADMIN}/providers`, json: { userId: DEMO_PROVIDERS.chen.userId } }), allow: adminOnly },
  { method: 'POST', path: `${ADMIN}/locations`, request: () => ({ path: `${ADMIN}/locations`, json: { name: `Matrix ${uniq()}` } }), allow: adminOnly },
  { method: 'POST', path: `${ADMIN}/visit-types`, request: () => ({ path: `${ADMIN}/visit-types`, json: { code: `m-${uniq()}`, name: 'Matrix visit', modality: 'in_person', durationMinutes: 15 } }), allow: adminOnly },
  { method: 'PUT', path: `${ADMIN}/visit-types/:visitTypeId/forms`, request: () => ({ path: `${ADMIN}/visit-types/${randomUUID()}/forms`, json: { forms: [] } }), allow: adminOnly },
  { method: 'GET', path: `${ADMIN}/templates`, request: () => ({ path: `${ADMIN}/templates` }), allow: adminOnly },
  {
    method: 'POST',
    path: `${ADMIN}/templates`,
    // valid only in 2020: adds no slots to the demo
    request: () => ({ path: `${ADMIN}/templates`, json: { providerId: DEMO_PROVIDERS.patel.id, locationId: DEMO_LOCATION.id, visitTypeId: DEMO_VISIT_TYPES.video.id, weekday: 6, startTime: '10:00', endTime: '11:00', validFrom: '2020-01-01', validUntil: '2020-01-31' } }),
    allow: adminOnly,
  },
  { method: 'DELETE', path: `${ADMIN}/templates/:templateId`, request: () => ({ path: `${ADMIN}/templates/${randomUUID()}` }), allow: adminOnly },
  { method: 'POST', path: `${ADMIN}/slots/generate`, request: () => ({ path: `${ADMIN}/slots/generate`, json: { weeks: 1 } }), allow: adminOnly },
  { method: 'GET', path: '/v1/scheduling/catalog', request: (ctx) => ({ path: `/v1/scheduling/catalog?patientId=${ctx.patientId}` }), allow: RELATED },
  { method: 'GET', path: '/v1/appointment-slots', request: () => ({ path: `/v1/appointment-slots?${range}` }), allow: STAFF },
  { method: 'GET', path: '/v1/me/schedule', request: () => ({ path: `/v1/me/schedule?${range}` }), allow: CLINICIANS },
  patientEntry('GET', `${P}/appointment-slots`, (ctx) => ({ path: `/v1/patients/${ctx.patientId}/appointment-slots?${range}` })),
  patientEntry('GET', `${P}/appointments`, (ctx) => ({ path: `/v1/patients/${ctx.patientId}/appointments?when=all` })),
  // no such slot: allowed principals get 404 after the policy check
  patientEntry('POST', `${P}/appointments`, (ctx) => ({ path: `/v1/patients/${ctx.patientId}/appointments`, json: { slotId: randomUUID() } })),
  patientEntry('GET', ICS_ROUTE_PATH, (ctx) => ({ path: `/v1/patients/${ctx.patientId}/appointments/${mariasPast}.ics` })),
  patientEntry('GET', `${P}/appointments/:appointmentId`, (ctx) => ({ path: `/v1/patients/${ctx.patientId}/appointments/${mariasPast}` })),
  // destructive: aimed at appointments that do not exist (allowed → 404)
  patientEntry('POST', `${P}/appointments/:appointmentId/cancel`, (ctx) => ({ path: `/v1/patients/${ctx.patientId}/appointments/${randomUUID()}/cancel`, json: {} })),
  patientEntry('POST', `${P}/appointments/:appointmentId/reschedule`, (ctx) => ({ path: `/v1/patients/${ctx.patientId}/appointments/${randomUUID()}/reschedule`, json: { slotId: randomUUID() } })),
  patientEntry('GET', `${P}/waitlist`, (ctx) => ({ path: `/v1/patients/${ctx.patientId}/waitlist` })),
  patientEntry('POST', `${P}/waitlist`, (ctx) => ({ path: `/v1/patients/${ctx.patientId}/waitlist`, json: { visitTypeId: DEMO_VISIT_TYPES.video.id, earliest: '2026-06-01', latest: '2026-06-30' } })),
  patientEntry('DELETE', `${P}/waitlist/:entryId`, (ctx) => ({ path: `/v1/patients/${ctx.patientId}/waitlist/${randomUUID()}` })),
  patientEntry('POST', `${P}/waitlist/offers/:offerId/accept`, (ctx) => ({ path: `/v1/patients/${ctx.patientId}/waitlist/offers/${randomUUID()}/accept` })),
  patientEntry('POST', `${P}/waitlist/offers/:offerId/decline`, (ctx) => ({ path: `/v1/patients/${ctx.patientId}/waitlist/offers/${randomUUID()}/decline` })),
];
