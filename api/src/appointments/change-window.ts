import { AppError } from '../../../common/src/errors/index.ts';

/**
 * Who is changing an appointment decides which rules apply: patients and their proxies only until
 * the visit type's cutoff; staff (the care team, or a clinician who broke the glass) at any time.
 */
export type ActorMode = 'patient' | 'staff';

/** The last moment a patient may book, cancel or reschedule a visit online. */
export function onlineChangeDeadline(startsAt: Date, cutoffHours: number): Date {
  return new Date(startsAt.getTime() - cutoffHours * 3_600_000);
}

/**
 * 409: the visit is inside its online-change window; the patient must call the clinic. The
 * problem document carries the cutoff and the clinic's number so the portal can show a button.
 */
export class CallTheClinicError extends AppError {
  override name = 'CallTheClinicError';
  readonly status = 409;
  readonly type = 'appointment-cutoff-passed';
  constructor(cutoffHours: number, phone: string | null) {
    const call = phone ? `please call the clinic at ${phone}` : 'please call the clinic';
    super(`Visits can be booked, cancelled or rescheduled online until ${cutoffHours} hours before they start; to change this one, ${call}.`, {
      extra: { cutoffHours, clinicPhone: phone },
    });
  }
}

/**
 * Apply the online-change window to a patient or proxy; staff pass through.
 * @throws CallTheClinicError when a patient is inside the cutoff
 */
export function assertInsideChangeWindow(mode: ActorMode, visit: { startsAt: Date; cutoffHours: number; phone: string | null }, now: Date): void {
  if (mode === 'patient' && now.getTime() > onlineChangeDeadline(visit.startsAt, visit.cutoffHours).getTime()) {
    throw new CallTheClinicError(visit.cutoffHours, visit.phone);
  }
}
