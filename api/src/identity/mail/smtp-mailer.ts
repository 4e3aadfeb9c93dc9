import nodemailer from 'nodemailer';
import { outboxMessageId } from '../../../../common/src/outbox-message-id.ts';
import type { Mailer } from './mailer.ts';

/**
 * A mailer that relays through SMTP with nodemailer.
 *
 * @param opts.url - e.g. `smtps://user:pass@relay.example.org:465`
 * @param opts.from - the From header, e.g. `Vitals <no-reply@clinic.example>`
 */
export function createSmtpMailer(opts: { url: string; from: string }): Mailer & { close(): void } {
  const transport = nodemailer.createTransport(opts.url);
  return {
    async send(message) {
      await transport.sendMail({ from: opts.from, to: message.to, subject: message.subject, text: message.text, ...(message.outboxId ? { messageId: outboxMessageId(message.outboxId, opts.from) } : {}) });
    },
    close: () => transport.close(),
  };
}
