import type pg from 'pg';
import type { Clock } from '../../../common/src/clock.ts';
import { createRouter } from '../http/openapi-app.ts';
import { appointmentRoutes } from './appointment-routes.ts';
import { SCHEDULING_DEFAULTS } from './defaults.ts';
import type { ReminderScheduler } from './reminder-queue.ts';
import type { AppointmentRouteDeps } from './route-deps.ts';
import { scheduleRoutes } from './schedule-routes.ts';
import { schedulingAdminRoutes } from './scheduling-admin-routes.ts';
import { slotRoutes } from './slot-routes.ts';
import { waitlistRoutes } from './waitlist-routes.ts';

export interface AppointmentsOptions {
  db: pg.Pool;
  clock: Clock;
  /** The portal's origin: video links and calendar UIDs are built from it. */
  publicUrl: string;
  /** Reminder jobs (queueReminderScheduler). Without one, bookings still work and the maintenance sweep schedules reminders. */
  reminders?: ReminderScheduler | null;
  /** Default `<publicUrl>/video/`. */
  videoBaseUrl?: string;
  offerHoldMinutes?: number;
}

/**
 * Appointments: scheduling set-up (admin), catalog and open slots, booking, cancelling and
 * rescheduling, calendar export, the provider's schedule and the waitlist. Mounted at `/`; its
 * paths span `/v1/admin/scheduling`, `/v1/scheduling`, `/v1/appointment-slots`, `/v1/me` and
 * `/v1/patients/{patientId}/…`. See docs/appointments.md.
 */
export function appointmentsRoutes(opts: AppointmentsOptions) {
  const offerHoldMinutes = opts.offerHoldMinutes ?? SCHEDULING_DEFAULTS.offerHoldMinutes;
  if (!Number.isInteger(offerHoldMinutes) || offerHoldMinutes < 1) throw new Error('appointmentsRoutes: offerHoldMinutes must be a whole number ≥ 1');
  const deps: AppointmentRouteDeps = {
    db: opts.db,
    clock: opts.clock,
    offerHoldMinutes,
    reminders: opts.reminders ?? null,
    videoBaseUrl: opts.videoBaseUrl ?? new URL('/video/', opts.publicUrl).toString(),
    calendarDomain: new URL(opts.publicUrl).hostname,
  };
  const app = createRouter();
  app.route('/', schedulingAdminRoutes(deps));
  app.route('/', slotRoutes(deps));
  app.route('/', appointmentRoutes(deps));
  app.route('/', scheduleRoutes(deps));
  app.route('/', waitlistRoutes(deps));
  return app;
}
