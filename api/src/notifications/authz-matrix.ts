import { randomUUID } from 'node:crypto';
import type { MatrixEntry } from '../http/authz-matrix.ts';
import { EVERYONE_SIGNED_IN } from '../http/authz-matrix.ts';

/** Everyone has their own notifications; nobody reaches anyone else's (an unknown id is 404). */
export const authzMatrix: MatrixEntry[] = [
  { method: 'GET', path: '/v1/notifications', request: () => ({ path: '/v1/notifications' }), allow: EVERYONE_SIGNED_IN },
  { method: 'POST', path: '/v1/notifications/:notificationId/read', request: () => ({ path: `/v1/notifications/${randomUUID()}/read` }), allow: EVERYONE_SIGNED_IN },
  { method: 'POST', path: '/v1/notifications/read-all', request: () => ({ path: '/v1/notifications/read-all' }), allow: EVERYONE_SIGNED_IN },
  { method: 'GET', path: '/v1/notifications/preferences', request: () => ({ path: '/v1/notifications/preferences' }), allow: EVERYONE_SIGNED_IN },
  { method: 'PUT', path: '/v1/notifications/preferences', request: () => ({ path: '/v1/notifications/preferences', json: { preferences: [] } }), allow: EVERYONE_SIGNED_IN },
];
