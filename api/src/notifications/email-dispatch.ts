import type pg from 'pg';
import type { Clock } from '../../../common/src/clock.ts';
import type { Logger } from '../../../common/src/logger.ts';
import type { Mailer } from '../identity/mail/mailer.ts';

export interface EmailDispatchDeps {
  db: pg.Pool;
  mailer: Mailer;
  clock: Clock;
  logger: Logger;
}

/**
 * Send queued `email_outbox` rows now and mark them sent. A row another sender already took is
 * skipped; a failure is recorded on the row and logged (outbox id only: the address is personal
 * data), and the row stays pending for the alerts email worker's sweep to retry.
 *
 * @returns how many were sent
 */
export async function sendQueuedEmails(deps: EmailDispatchDeps, ids: readonly string[]): Promise<number> {
  let sent = 0;
  for (const id of ids) {
    const { rows } = await deps.db.query<{ to_address: string; subject: string; body_text: string }>(
      "SELECT to_address, subject, body_text FROM email_outbox WHERE id = $1 AND status = 'pending'",
      [id],
    );
    const row = rows[0];
    if (!row) continue;
    try {
      await deps.mailer.send({ to: row.to_address, subject: row.subject, text: row.body_text, outboxId: id });
    } catch (err) {
      await deps.db.query('UPDATE email_outbox SET attempts = attempts + 1, last_error = $2 WHERE id = $1', [id, String((err as Error).message ?? err).slice(0, 500)]);
      deps.logger.warn({ outboxId: id }, 'notification email not sent; left for the email worker');
      continue;
    }
    await deps.db.query("UPDATE email_outbox SET status = 'sent', attempts = attempts + 1, sent_at = $2, last_error = NULL WHERE id = $1", [id, deps.clock.now()]);
    sent++;
  }
  return sent;
}
