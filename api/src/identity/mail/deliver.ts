import type { Logger } from '../../../../common/src/logger.ts';
import type { MailMessage, Mailer } from './mailer.ts';

/**
 * Send an email without letting a mail outage fail the request that asked for it (the person can
 * ask again). Failures are logged with the subject only: no address, no token.
 *
 * Call it without awaiting where the response must not depend on whether an email went out at
 * all (password reset), so the time taken does not tell which addresses have accounts.
 */
export async function deliver(deps: { mailer: Mailer; logger: Logger }, message: MailMessage): Promise<void> {
  try {
    await deps.mailer.send(message);
  } catch (err) {
    deps.logger.error({ err: err instanceof Error ? err.message : String(err), subject: message.subject }, 'email not sent');
  }
}
