import type { MatrixEntry } from '../http/authz-matrix.ts';

export const authzMatrix: MatrixEntry[] = [
  { method: 'GET', path: '/v1/admin/dead-letters', request: () => ({ path: '/v1/admin/dead-letters' }), allow: ['admin'] },
  // an id that does not exist: nothing is re-processed whoever is allowed
  { method: 'POST', path: '/v1/admin/dead-letters/reprocess', request: () => ({ path: '/v1/admin/dead-letters/reprocess', json: { ids: [999999999] } }), allow: ['admin'] },
];
