import { EVERYONE_SIGNED_IN, PUBLIC, type MatrixEntry } from '../http/authz-matrix.ts';

export const authzMatrix: MatrixEntry[] = [
  { method: 'GET', path: '/v1/admin/clinic/features', request: () => ({ path: '/v1/admin/clinic/features' }), allow: ['admin'] },
  // an empty change: the matrix must not switch off features other entries rely on
  { method: 'PUT', path: '/v1/admin/clinic/features', request: () => ({ path: '/v1/admin/clinic/features', json: { features: {} } }), allow: ['admin'] },
  { method: 'GET', path: '/v1/portal/features', request: () => ({ path: '/v1/portal/features' }), allow: EVERYONE_SIGNED_IN },
  { method: 'GET', path: '/v1/terms', request: () => ({ path: '/v1/terms' }), allow: PUBLIC },
  { method: 'GET', path: '/v1/me/terms', request: () => ({ path: '/v1/me/terms' }), allow: EVERYONE_SIGNED_IN },
  { method: 'POST', path: '/v1/me/terms/accept', request: () => ({ path: '/v1/me/terms/accept', json: { kind: 'terms_of_use', version: 1 } }), allow: EVERYONE_SIGNED_IN },
  // effective far in the future, so no other request finds terms pending
  {
    method: 'POST',
    path: '/v1/admin/terms',
    request: () => ({ path: '/v1/admin/terms', json: { kind: 'privacy_policy', title: 'Matrix policy', body: 'text', effectiveAt: '2100-01-01T00:00:00Z' } }),
    allow: ['admin'],
  },
];
