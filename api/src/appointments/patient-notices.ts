import type pg from 'pg';
import { notify } from '../notifications/notify.ts';
import { portalRecipients } from '../notifications/recipients.ts';

/** The notification kinds appointments use. */
export type AppointmentNoticeKind = 'appointment_reminder' | 'appointment_change';

export interface AppointmentNotice {
  patientId: string;
  kind: AppointmentNoticeKind;
  /** No health details beyond the visit type: titles show on lock screens and shared devices. */
  title: string;
  /** A path inside the portal. */
  link: string;
  at: Date;
}

/**
 * Tell the people who look after a patient's appointments — the patient's own account and every
 * proxy the policy lets see them (scope `appointments`) — through the portal's notifications, as
 * each one's preferences for the kind say. Pass the transaction that made the change, so the
 * notices commit with it (or not at all).
 *
 * @returns the users notified
 */
export async function noticeToPatient(db: pg.Pool | pg.PoolClient, n: AppointmentNotice): Promise<string[]> {
  const users = await portalRecipients(db, n.patientId, 'appointments', { adolescentConfidential: false }, n.at);
  for (const userId of users) await notify(db, { userId, kind: n.kind, title: n.title, link: n.link, at: n.at });
  return users;
}

/** "Tue, Jun 2, 2026, 10:00 AM" in the clinic's zone: how people read their visit time. */
export function localWhen(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', month: 'short', day: 'numeric', year: 'numeric', hour: 'numeric', minute: '2-digit' }).format(at);
}
