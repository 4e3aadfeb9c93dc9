import { z } from '@hono/zod-openapi';
import { NOTIFICATION_KINDS } from './kinds.ts';

export const NotificationKind = z.enum(NOTIFICATION_KINDS).openapi('NotificationKind');

export const Notification = z
  .object({ id: z.uuid(), kind: NotificationKind, title: z.string(), link: z.string().describe('a path inside the portal'), createdAt: z.string(), readAt: z.string().nullable() })
  .openapi('Notification');

export const NotificationList = z.object({ unreadCount: z.number().int(), notifications: z.array(Notification) }).openapi('NotificationList');

export const NotificationListQuery = z.object({
  unreadOnly: z.enum(['true', 'false']).optional().transform((v) => v === 'true'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const NotificationParams = z.object({ notificationId: z.uuid() });

export const KindPreference = z.object({ kind: NotificationKind, inApp: z.boolean(), email: z.boolean() }).openapi('NotificationKindPreference');

export const NotificationPreferences = z
  .object({ preferences: z.array(KindPreference).max(NOTIFICATION_KINDS.length) })
  .refine((p) => new Set(p.preferences.map((x) => x.kind)).size === p.preferences.length, { message: 'each kind at most once', path: ['preferences'] })
  // not NotificationPreferences: that name is the profile's portal-update schema (issue #11)
  .openapi('NotificationKindPreferences');

export const MarkedRead = z.object({ marked: z.number().int() }).openapi('MarkedRead');
