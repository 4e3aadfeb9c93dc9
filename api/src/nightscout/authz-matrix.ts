import { randomUUID } from 'node:crypto';
import { PATIENT_DATA_READERS, PUBLIC, type MatrixEntry, type MatrixPrincipal } from '../http/authz-matrix.ts';

/** The Nightscout API serves one patient per request: each patient their own feed (credentials are tested beside it). */
const OWN_FEED: readonly MatrixPrincipal[] = ['patient', 'other_patient'];
/** An sgv entry five minutes before the matrix clock (2026-06-01T12:00Z). */
const upload = [{ type: 'sgv', sgv: 120, date: Date.parse('2026-06-01T11:55:00Z'), device: 'xDrip-DexcomG6', direction: 'Flat' }];
const get = (path: string, allow: readonly MatrixPrincipal[]): MatrixEntry => ({ method: 'GET', path, request: () => ({ path }), allow });

export const authzMatrix: MatrixEntry[] = [
  { method: 'POST', path: '/v1/patients/:patientId/nightscout-credentials', proxyScope: 'readings', request: (ctx) => ({ path: `/v1/patients/${ctx.patientId}/nightscout-credentials`, json: { label: 'matrix' } }), allow: PATIENT_DATA_READERS },
  { method: 'GET', path: '/v1/patients/:patientId/nightscout-credentials', proxyScope: 'readings', request: (ctx) => ({ path: `/v1/patients/${ctx.patientId}/nightscout-credentials` }), allow: PATIENT_DATA_READERS },
  // no such credential: allowed principals get 404 after the access check, denied ones 403
  { method: 'DELETE', path: '/v1/patients/:patientId/nightscout-credentials/:id', proxyScope: 'readings', request: (ctx) => ({ path: `/v1/patients/${ctx.patientId}/nightscout-credentials/${randomUUID()}` }), allow: PATIENT_DATA_READERS },
  ...['/api/v1/entries', '/api/v1/entries.json'].flatMap((path): MatrixEntry[] => [get(path, OWN_FEED), { method: 'POST', path, request: () => ({ path, json: upload }), allow: OWN_FEED }]),
  get('/api/v1/entries/current', OWN_FEED),
  get('/api/v1/entries/current.json', OWN_FEED),
  { method: 'GET', path: '/api/v1/entries/:spec', request: () => ({ path: '/api/v1/entries/sgv.json' }), allow: OWN_FEED },
  get('/api/v1/status', OWN_FEED),
  get('/api/v1/status.json', OWN_FEED),
  // reports whether the credentials sent are valid; reveals no patient data
  get('/api/v1/verifyauth', PUBLIC),
];
