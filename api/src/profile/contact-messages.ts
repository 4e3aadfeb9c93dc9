import type { MailMessage } from '../identity/mail/mailer.ts';
import type { SmsMessage } from './sms-sender.ts';
import { CODE_TTL_MINUTES } from './verification-code.ts';

/**
 * Texts for contact changes. They carry the code and nothing about the person's care, since they
 * go to an address that is not yet proven to be theirs.
 */
const codeText = (code: string) => `Your Vitals verification code is ${code}. It works for ${CODE_TTL_MINUTES} minutes. If you did not ask to change your contact details, ignore this message.`;

export const emailCodeMessage = (to: string, code: string): MailMessage => ({ to, subject: 'Confirm your new email address for Vitals', text: codeText(code) });

export const smsCodeMessage = (to: string, code: string): SmsMessage => ({ to, text: codeText(code) });

/** Sent to the old address after a change, so a takeover of the account does not go unnoticed. */
export const emailChangedMessage = (to: string): MailMessage => ({
  to,
  subject: 'The email address on your Vitals profile changed',
  text: 'The email address on your Vitals profile was just changed, and messages will go to the new address from now on. If this was not you, contact your clinic straight away.',
});
