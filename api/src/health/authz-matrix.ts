import { PUBLIC, type MatrixEntry } from '../http/authz-matrix.ts';

export const authzMatrix: MatrixEntry[] = [
  { method: 'GET', path: '/healthz', request: () => ({ path: '/healthz' }), allow: PUBLIC },
  { method: 'GET', path: '/readyz', request: () => ({ path: '/readyz' }), allow: PUBLIC },
  { method: 'GET', path: '/openapi.json', request: () => ({ path: '/openapi.json' }), allow: PUBLIC },
];
