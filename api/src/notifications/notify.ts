import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { NotificationKind } from './kinds.ts';
import { notificationEmail } from './kinds.ts';

/** Anything that runs a query: the pool, or a client inside a transaction. */
export type Queryable = Pick<pg.Pool, 'query'>;

/** One notification for one user. */
export interface NotifyInput {
  userId: string;
  kind: NotificationKind;
  /** Shown in the portal only (never emailed); at most 200 characters. */
  title: string;
  /** A path inside the portal, e.g. `/messages/threads/…`. */
  link: string;
  /** When it happened; default: the database's clock. */
  at?: Date;
}

/** What notify wrote: the in-app row and the queued email, each null when the user turned it off. */
export interface NotifyOutcome {
  notificationId: string | null;
  emailId: string | null;
}

/** `/x…` but not `//host` or `/\host`, which browsers read as another site. */
const PORTAL_PATH = /^\/[^/\\]/;

/**
 * Notify a user of something in the portal, as their preferences for the kind say: an in-app
 * notification and/or an email queued in `email_outbox` (sent by {@link createNotifier}'s mailer
 * when the API has one, else by the alerts email worker's sweep). The email says only that
 * something is waiting (see kinds.ts). Disabled accounts and unverified addresses get no email.
 * Pass a transaction's client to make the notification commit with what caused it.
 *
 * @throws Error when `link` is not a portal path (a programming error)
 * @example await notify(db, { userId, kind: 'appointment_change', title: 'Your visit moved to 3 pm', link: '/appointments/…' })
 */
export async function notify(db: Queryable, n: NotifyInput): Promise<NotifyOutcome> {
  if (!PORTAL_PATH.test(n.link)) throw new Error(`notify: link must be a path inside the portal, got ${n.link}`);
  const { rows } = await db.query<{ email: string; can_email: boolean; in_app: boolean; wants_email: boolean }>(
    `SELECT u.email, u.email_verified_at IS NOT NULL AS can_email,
            COALESCE(p.in_app, true) AS in_app, COALESCE(p.email, true) AS wants_email
       FROM users u LEFT JOIN notification_kind_preferences p ON p.user_id = u.id AND p.kind = $2
      WHERE u.id = $1 AND u.disabled_at IS NULL`,
    [n.userId, n.kind],
  );
  const user = rows[0];
  if (!user) return { notificationId: null, emailId: null };
  const at = n.at ?? null;
  let notificationId: string | null = null;
  if (user.in_app) {
    const r = await db.query<{ id: string }>(
      'INSERT INTO notifications (user_id, kind, title, link, created_at) VALUES ($1, $2, $3, $4, COALESCE($5, now())) RETURNING id',
      [n.userId, n.kind, n.title.slice(0, 200), n.link, at],
    );
    notificationId = r.rows[0]!.id;
  }
  let emailId: string | null = null;
  if (user.wants_email && user.can_email) {
    const mail = notificationEmail(n.kind, user.email);
    const r = await db.query<{ id: string }>(
      `INSERT INTO email_outbox (dedupe_key, user_id, to_address, subject, body_text, created_at)
       VALUES ($1, $2, $3, $4, $5, COALESCE($6, now())) RETURNING id`,
      [`notification:${notificationId ?? randomUUID()}`, n.userId, mail.to, mail.subject, mail.text, at],
    );
    emailId = r.rows[0]!.id;
  }
  return { notificationId, emailId };
}
