import type { MailMessage } from './mailer.ts';

/**
 * The identity emails. Tokens travel in the link's fragment (`#token=…`), which browsers never
 * send to a server, so they stay out of access logs and Referer headers; the web page reads the
 * fragment and POSTs it. No message names the patient or anything about their care.
 */
const link = (publicUrl: string, page: string, token: string) => `${new URL(page, publicUrl).toString()}#token=${encodeURIComponent(token)}`;

/** Sent after activation and on request: confirms the address belongs to the account holder. */
export function verifyEmailMessage(to: string, publicUrl: string, token: string, validHours: number): MailMessage {
  return {
    to,
    subject: 'Confirm your email address for Vitals',
    text: `Please confirm this email address for your Vitals account by opening this link:\n\n${link(publicUrl, '/verify-email', token)}\n\nThe link works once, for ${validHours} hours. If you did not create an account, ignore this message.`,
  };
}

/** Sent when someone asks to reset the password of an existing account. */
export function passwordResetMessage(to: string, publicUrl: string, token: string, validMinutes: number): MailMessage {
  return {
    to,
    subject: 'Reset your Vitals password',
    text: `Someone asked to reset the password of your Vitals account. To choose a new password, open this link:\n\n${link(publicUrl, '/reset-password', token)}\n\nThe link works once, for ${validMinutes} minutes. If it was not you, ignore this message: your password has not changed.`,
  };
}

/** Tells the account holder their password changed, so a takeover does not go unnoticed. */
export function passwordChangedMessage(to: string): MailMessage {
  return {
    to,
    subject: 'Your Vitals password was changed',
    text: 'The password of your Vitals account was just changed and every device was signed out. If this was not you, contact your clinic straight away.',
  };
}

/** Tells a proxy that a patient shared access with them (without saying who or what). */
export function proxyGrantedMessage(to: string, publicUrl: string): MailMessage {
  return {
    to,
    subject: 'You have been given access in Vitals',
    text: `A patient has given you access to part of their Vitals record. Sign in at ${publicUrl} to see it.`,
  };
}
