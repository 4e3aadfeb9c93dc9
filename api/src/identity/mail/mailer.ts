import type { Logger } from '../../../../common/src/logger.ts';

/** One plain-text email. Messages carry links and codes, never health data. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** The `email_outbox` row it comes from: its Message-ID is then the same on every attempt. */
  outboxId?: string;
}

/**
 * Where identity emails go (verification, password reset, proxy invitations). Production sends
 * through SMTP ({@link createSmtpMailer}); tests capture messages in memory.
 */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

/** A mailer that keeps what it was given, for tests: `sent` lists messages oldest first. */
export interface MemoryMailer extends Mailer {
  readonly sent: readonly MailMessage[];
  /** The newest message sent to `to`, or undefined. */
  lastTo(to: string): MailMessage | undefined;
}

/** An in-memory mailer for tests. */
export function createMemoryMailer(): MemoryMailer {
  const sent: MailMessage[] = [];
  return {
    sent,
    async send(message) {
      sent.push({ ...message });
    },
    lastTo: (to) => sent.findLast((m) => m.to.toLowerCase() === to.toLowerCase()),
  };
}

/**
 * The fallback when no SMTP relay is configured (the laptop demo): the subject and text are
 * logged so a developer can follow the link. The recipient is left out of the log line, since an
 * address tied to a clinic is personal data.
 */
export function createLogMailer(logger: Logger): Mailer {
  return {
    async send(message) {
      logger.warn({ subject: message.subject, text: message.text }, 'SMTP_URL is not set: email logged instead of sent');
    },
  };
}
