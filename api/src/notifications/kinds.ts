import type { MailMessage } from '../identity/mail/mailer.ts';

/** What a notification is about; each kind has its own in-app and email preference. */
export const NOTIFICATION_KINDS = ['new_message', 'new_result', 'appointment_change', 'appointment_reminder', 'care_task'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * The one sentence an email may say per kind. Email is not a secure channel and mailboxes are
 * shared, so an email never names the patient, the test, the sender or the subject: only that
 * something is waiting in the portal.
 */
const EMAIL_SENTENCE: Record<NotificationKind, string> = {
  new_message: 'You have a new message in the portal',
  new_result: 'You have a new result in the portal',
  appointment_change: 'You have an appointment update in the portal',
  appointment_reminder: 'You have an appointment reminder in the portal',
  care_task: 'You have a new task in the portal',
};

/**
 * The email for a notification of this kind. It carries no link on purpose: people are taught to
 * open the portal themselves, which is what keeps look-alike phishing mails from working.
 */
export function notificationEmail(kind: NotificationKind, to: string): MailMessage {
  const sentence = EMAIL_SENTENCE[kind];
  return {
    to,
    subject: sentence,
    text: `${sentence}.\n\nPlease sign in to the patient portal the way you usually do to see it. For your privacy this email contains no details.\n\nYou can choose which emails you get under Notifications in the portal.`,
  };
}
