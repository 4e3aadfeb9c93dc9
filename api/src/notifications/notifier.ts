import type pg from 'pg';
import type { Clock } from '../../../common/src/clock.ts';
import type { Logger } from '../../../common/src/logger.ts';
import type { Mailer } from '../identity/mail/mailer.ts';
import { sendQueuedEmails } from './email-dispatch.ts';
import { notify, type NotifyInput, type Queryable } from './notify.ts';

export type Notice = Omit<NotifyInput, 'at'>;

/** How features tell people about something. */
export interface Notifier {
  /** After the change has committed: write the notifications and send their emails. Never throws. */
  notify(notices: readonly Notice[]): Promise<void>;
  /**
   * Inside the transaction that makes the change, so notifications commit with it (exactly once);
   * returns the queued emails to pass to {@link Notifier.sendEmails} after the commit.
   */
  notifyIn(tx: Queryable, notices: readonly Notice[]): Promise<string[]>;
  /** Send queued emails now when there is a mailer. Never throws. */
  sendEmails(emailIds: readonly string[]): Promise<void>;
}

export interface NotifierDeps {
  db: pg.Pool;
  clock: Clock;
  logger: Logger;
  /**
   * Sends the emails at once. Without one they wait in `email_outbox` for the alerts email worker
   * (which holds the SMTP settings) to pick them up.
   */
  mailer?: Mailer | null;
}

/**
 * A notifier for routes. It runs after the change it reports has committed, and a failure here is
 * logged rather than thrown: the message or result is saved either way, and failing the request
 * would only make the client send it twice.
 */
export function createNotifier(deps: NotifierDeps): Notifier {
  const notifyIn = async (tx: Queryable, notices: readonly Notice[]) => {
    const emails: string[] = [];
    const at = deps.clock.now();
    for (const n of notices) {
      const outcome = await notify(tx, { ...n, at });
      if (outcome.emailId) emails.push(outcome.emailId);
    }
    return emails;
  };
  const sendEmails = async (emailIds: readonly string[]) => {
    if (!deps.mailer || emailIds.length === 0) return;
    try {
      await sendQueuedEmails({ db: deps.db, mailer: deps.mailer, clock: deps.clock, logger: deps.logger }, emailIds);
    } catch (err) {
      deps.logger.error({ err: (err as Error).message }, 'notification emails not sent; left for the email worker');
    }
  };
  return {
    notifyIn,
    sendEmails,
    async notify(notices) {
      let emails: string[] = [];
      try {
        emails = await notifyIn(deps.db, notices);
      } catch (err) {
        deps.logger.error({ err: (err as Error).message, kinds: [...new Set(notices.map((n) => n.kind))] }, 'notifications not written');
      }
      await sendEmails(emails);
    },
  };
}
