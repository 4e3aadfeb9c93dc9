import type { MatrixEntry } from '../http/authz-matrix.ts';

// The matrix app has no queue store: the board is empty and a queue is unknown (404) even to an
// admin, so nothing is retried, removed or paused whoever is allowed.
const job = '/v1/admin/queues/alert-evaluation/jobs/matrix-job';

export const authzMatrix: MatrixEntry[] = [
  { method: 'GET', path: '/v1/admin/queues', request: () => ({ path: '/v1/admin/queues' }), allow: ['admin'] },
  { method: 'GET', path: '/v1/admin/queues/:queue/jobs', request: () => ({ path: '/v1/admin/queues/alert-evaluation/jobs?state=failed' }), allow: ['admin'] },
  { method: 'POST', path: '/v1/admin/queues/:queue/jobs/:jobId/retry', request: () => ({ path: `${job}/retry` }), allow: ['admin'] },
  { method: 'DELETE', path: '/v1/admin/queues/:queue/jobs/:jobId', request: () => ({ path: job }), allow: ['admin'] },
  { method: 'POST', path: '/v1/admin/queues/:queue/pause', request: () => ({ path: '/v1/admin/queues/alert-evaluation/pause' }), allow: ['admin'] },
  { method: 'POST', path: '/v1/admin/queues/:queue/resume', request: () => ({ path: '/v1/admin/queues/alert-evaluation/resume' }), allow: ['admin'] },
];
