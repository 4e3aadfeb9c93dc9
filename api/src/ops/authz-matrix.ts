import type { MatrixEntry } from '../http/authz-matrix.ts';

export const authzMatrix: MatrixEntry[] = [
  // app.request() has no TCP peer, so only the administrator passes (loopback is tested beside the route)
  { method: 'GET', path: '/metrics', request: () => ({ path: '/metrics' }), allow: ['admin'] },
];
