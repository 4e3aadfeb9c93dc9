import { PUBLIC, type MatrixEntry } from '../http/authz-matrix.ts';

export const authzMatrix: MatrixEntry[] = [
  { method: 'GET', path: '/docs', request: () => ({ path: '/docs' }), allow: PUBLIC },
  { method: 'GET', path: '/docs/:asset', request: () => ({ path: '/docs/swagger-initializer.js' }), allow: PUBLIC },
];
