import type { Logger } from '../../../common/src/logger.ts';

/** One text message. Like emails, texts carry codes and pointers, never health data. */
export interface SmsMessage {
  /** E.164 phone number, e.g. `+15550100001` */
  to: string;
  text: string;
}

/** Where text messages go: an SMS provider's adapter in production, memory in tests. */
export interface SmsSender {
  send(message: SmsMessage): Promise<void>;
}

/** An SMS sender that keeps what it was given, for tests. */
export function createMemorySmsSender(): SmsSender & { readonly sent: readonly SmsMessage[]; lastTo(to: string): SmsMessage | undefined } {
  const sent: SmsMessage[] = [];
  return { sent, send: async (m) => void sent.push({ ...m }), lastTo: (to) => sent.findLast((m) => m.to === to) };
}

/**
 * The fallback when no SMS provider is configured (the laptop demo): the text is logged so a
 * developer can read the code; the number is left out of the log line (personal data).
 */
export function createLogSmsSender(logger: Logger): SmsSender {
  return { send: async (m) => logger.warn({ text: m.text }, 'no SMS provider configured: text message logged instead of sent') };
}
