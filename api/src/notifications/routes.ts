import { createRoute } from '@hono/zod-openapi';
import type pg from 'pg';
import type { Clock } from '../../../common/src/clock.ts';
import { requireUser, userOf } from '../auth/require.ts';
import { jsonBody, jsonContent } from '../http/openapi-content.ts';
import { createRouter } from '../http/openapi-app.ts';
import { notificationRepo } from './repo.ts';
import { MarkedRead, Notification, NotificationList, NotificationListQuery, NotificationParams, NotificationPreferences } from './schemas.ts';

export interface NotificationRouteDeps {
  db: pg.Pool;
  clock: Clock;
}

const signedIn = requireUser();
const tags = ['notifications'];

/**
 * The signed-in user's own notifications: the list with the unread count, marking read, and the
 * per-kind in-app/email preferences. Nobody reads anyone else's.
 */
export function notificationRoutes(deps: NotificationRouteDeps) {
  const app = createRouter();
  const repo = (c: Parameters<typeof userOf>[0]) => notificationRepo(deps.db, userOf(c).userId);

  app.openapi(
    createRoute({ method: 'get', path: '/v1/notifications', tags, middleware: [signedIn], request: { query: NotificationListQuery }, responses: { 200: jsonContent(NotificationList, 'your notifications, newest first, and how many are unread') } }),
    async (c) => c.json(await repo(c).list(c.req.valid('query')), 200),
  );
  app.openapi(
    createRoute({ method: 'post', path: '/v1/notifications/{notificationId}/read', tags, middleware: [signedIn], request: { params: NotificationParams }, responses: { 200: jsonContent(Notification, 'marked read') } }),
    async (c) => c.json(await repo(c).markRead(c.req.valid('param').notificationId, deps.clock.now()), 200),
  );
  app.openapi(
    createRoute({ method: 'post', path: '/v1/notifications/read-all', tags, middleware: [signedIn], responses: { 200: jsonContent(MarkedRead, 'every unread notification marked read') } }),
    async (c) => c.json({ marked: await repo(c).markAllRead(deps.clock.now()) }, 200),
  );
  app.openapi(
    createRoute({ method: 'get', path: '/v1/notifications/preferences', tags, middleware: [signedIn], responses: { 200: jsonContent(NotificationPreferences, 'in-app and email, per kind') } }),
    async (c) => c.json({ preferences: await repo(c).preferences() }, 200),
  );
  app.openapi(
    createRoute({ method: 'put', path: '/v1/notifications/preferences', tags, middleware: [signedIn], request: jsonBody(NotificationPreferences), responses: { 200: jsonContent(NotificationPreferences, 'saved; every kind as it now stands') } }),
    async (c) => {
      const r = repo(c);
      await r.savePreferences(c.req.valid('json').preferences, deps.clock.now());
      return c.json({ preferences: await r.preferences() }, 200);
    },
  );
  return app;
}
