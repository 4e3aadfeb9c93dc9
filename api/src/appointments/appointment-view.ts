import type pg from 'pg';
import type { z } from '@hono/zod-openapi';
import { NotFoundError } from '../../../common/src/errors/index.ts';
import { onlineChangeDeadline } from './change-window.ts';
import { providerRef, scheduledColumns, scheduledJoins, visitTypeRef, type ScheduledRow } from './scheduled-row.ts';
import type { Appointment, AppointmentStatus, FormDue } from './schemas.ts';
import { videoUrl } from './video-link.ts';

type Db = Pick<pg.Pool, 'query'>;

/** An appointment with what every view of it needs (patient, provider, location, visit type, zone). */
export interface AppointmentRow extends ScheduledRow {
  patient_id: string;
  patient_name: string;
  slot_id: string;
  status: z.infer<typeof AppointmentStatus>;
  provider_user_id: string;
  address: string | null;
  reason: string | null;
  video_token: string | null;
  sequence: number;
  cancelled_at: Date | null;
  /** The start time the reminder went out for. */
  reminder_sent_for: Date | null;
}

/** Select appointments with their joins; callers append WHERE and ORDER BY. */
export const APPOINTMENT_SELECT = `
  SELECT ${scheduledColumns('a')}, a.patient_id, pt.given_name || ' ' || pt.family_name AS patient_name, a.slot_id, a.status,
         p.user_id AS provider_user_id, l.address, a.reason, a.video_token, a.sequence, a.cancelled_at, a.reminder_sent_for
    FROM appointments a
    JOIN patients pt ON pt.id = a.patient_id ${scheduledJoins('a')}`;

/** How to present an appointment to this viewer. */
export interface ViewOptions {
  /** Whether this viewer may see the video link (seesVideoLink). */
  showVideo: boolean;
  videoBaseUrl: string;
}

/** Where the appointment's iCalendar file is served. */
export const calendarPath = (patientId: string, appointmentId: string) => `/v1/patients/${patientId}/appointments/${appointmentId}.ics`;

/** The API shape of an appointment. */
export function toAppointment(r: AppointmentRow, o: ViewOptions): z.infer<typeof Appointment> {
  return {
    id: r.id,
    patientId: r.patient_id,
    status: r.status,
    startsAt: r.starts_at.toISOString(),
    endsAt: r.ends_at.toISOString(),
    timeZone: r.timezone,
    provider: providerRef(r),
    location: { id: r.location_id, name: r.location_name, address: r.address, phone: r.phone },
    visitType: visitTypeRef(r),
    reason: r.reason,
    videoUrl: o.showVideo && r.video_token && r.status === 'booked' ? videoUrl(o.videoBaseUrl, r.video_token) : null,
    changeableOnlineUntil: onlineChangeDeadline(r.starts_at, r.patient_cutoff_hours).toISOString(),
    cancelledAt: r.cancelled_at?.toISOString() ?? null,
    calendarUrl: calendarPath(r.patient_id, r.id),
  };
}

/**
 * One of a patient's appointments.
 * @param lock - `FOR UPDATE` inside a transaction that changes it
 * @throws NotFoundError when the patient has no such appointment
 */
export async function loadAppointment(db: Db, patientId: string, appointmentId: string, lock: '' | 'FOR UPDATE OF a' = ''): Promise<AppointmentRow> {
  const { rows } = await db.query<AppointmentRow>(`${APPOINTMENT_SELECT} WHERE a.id = $1 AND a.patient_id = $2 ${lock}`, [appointmentId, patientId]);
  if (!rows[0]) throw new NotFoundError('no such appointment');
  return rows[0];
}

/** A patient's appointments (at most 200): upcoming ones soonest first, past ones latest first. */
export async function listAppointments(db: Db, patientId: string, when: 'upcoming' | 'past' | 'all', now: Date): Promise<AppointmentRow[]> {
  const filter = { upcoming: 'AND a.ends_at > $2', past: 'AND a.ends_at <= $2', all: 'AND $2::timestamptz IS NOT NULL' }[when];
  const order = when === 'upcoming' ? 'ASC' : 'DESC';
  const { rows } = await db.query<AppointmentRow>(`${APPOINTMENT_SELECT} WHERE a.patient_id = $1 ${filter} ORDER BY a.starts_at ${order} LIMIT 200`, [patientId, now]);
  return rows;
}

/** A provider's active appointments between two local dates of the clinic. */
export async function providerSchedule(db: Db, providerUserId: string, from: string, to: string): Promise<AppointmentRow[]> {
  const { rows } = await db.query<AppointmentRow>(
    `${APPOINTMENT_SELECT}
      WHERE p.user_id = $1 AND a.status <> 'cancelled'
        AND a.starts_at >= ($2::date)::timestamp AT TIME ZONE c.timezone AND a.starts_at < ($3::date + 1)::timestamp AT TIME ZONE c.timezone
      ORDER BY a.starts_at`,
    [providerUserId, from, to],
  );
  return rows;
}

/**
 * The questionnaires and consents linked to the visit's type, each with the time it is due. Whether
 * one was already completed is the forms feature's to say (api/src/forms); this is the list it
 * checks against.
 */
export async function formsDue(db: Db, a: Pick<AppointmentRow, 'visit_type_id' | 'starts_at'>): Promise<Array<z.infer<typeof FormDue>>> {
  const { rows } = await db.query<{ kind: 'questionnaire' | 'consent'; form_id: string; due_hours_before: number }>(
    'SELECT kind, form_id, due_hours_before FROM visit_type_forms WHERE visit_type_id = $1 ORDER BY due_hours_before DESC, kind, form_id',
    [a.visit_type_id],
  );
  return rows.map((f) => ({ kind: f.kind, formId: f.form_id, dueBy: new Date(a.starts_at.getTime() - f.due_hours_before * 3_600_000).toISOString() }));
}
