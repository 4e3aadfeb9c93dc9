import type pg from 'pg';
import { NotFoundError } from '../../../common/src/errors/index.ts';
import { NOTIFICATION_KINDS, type NotificationKind } from './kinds.ts';

interface NotificationRow {
  id: string;
  kind: NotificationKind;
  title: string;
  link: string;
  created_at: Date;
  read_at: Date | null;
}

const toNotification = (r: NotificationRow) => ({ id: r.id, kind: r.kind, title: r.title, link: r.link, createdAt: r.created_at.toISOString(), readAt: r.read_at?.toISOString() ?? null });

export interface KindPreference {
  kind: NotificationKind;
  inApp: boolean;
  email: boolean;
}

/** One user's notifications and preferences; every query is limited to that user. */
export function notificationRepo(db: pg.Pool, userId: string) {
  return {
    /** Newest first, with the unread count for the badge. */
    async list(opts: { unreadOnly: boolean; limit: number }) {
      const [items, count] = await Promise.all([
        db.query<NotificationRow>(
          `SELECT id, kind, title, link, created_at, read_at FROM notifications
            WHERE user_id = $1 AND ($2::boolean IS FALSE OR read_at IS NULL) ORDER BY created_at DESC, id LIMIT $3`,
          [userId, opts.unreadOnly, opts.limit],
        ),
        db.query<{ n: number }>('SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL', [userId]),
      ]);
      return { unreadCount: count.rows[0]!.n, notifications: items.rows.map(toNotification) };
    },
    /** @throws NotFoundError when the notification is not this user's */
    async markRead(id: string, now: Date) {
      const { rows } = await db.query<NotificationRow>(
        'UPDATE notifications SET read_at = COALESCE(read_at, $3) WHERE id = $1 AND user_id = $2 RETURNING id, kind, title, link, created_at, read_at',
        [id, userId, now],
      );
      if (!rows[0]) throw new NotFoundError('no such notification');
      return toNotification(rows[0]);
    },
    async markAllRead(now: Date): Promise<number> {
      const r = await db.query('UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL', [userId, now]);
      return r.rowCount ?? 0;
    },
    /** Every kind, with the default (both channels on) where the user saved nothing. */
    async preferences(): Promise<KindPreference[]> {
      const { rows } = await db.query<{ kind: NotificationKind; in_app: boolean; email: boolean }>('SELECT kind, in_app, email FROM notification_kind_preferences WHERE user_id = $1', [userId]);
      return NOTIFICATION_KINDS.map((kind) => {
        const r = rows.find((x) => x.kind === kind);
        return { kind, inApp: r?.in_app ?? true, email: r?.email ?? true };
      });
    },
    /** Save the kinds given; kinds left out keep what they had. */
    async savePreferences(prefs: readonly KindPreference[], now: Date) {
      await db.query(
        `INSERT INTO notification_kind_preferences (user_id, kind, in_app, email, updated_at)
         SELECT $1::uuid, k, i, e, $5::timestamptz FROM unnest($2::text[], $3::boolean[], $4::boolean[]) AS t(k, i, e)
         ON CONFLICT (user_id, kind) DO UPDATE SET in_app = EXCLUDED.in_app, email = EXCLUDED.email, updated_at = EXCLUDED.updated_at`,
        [userId, prefs.map((p) => p.kind), prefs.map((p) => p.inApp), prefs.map((p) => p.email), now],
      );
    },
  };
}
