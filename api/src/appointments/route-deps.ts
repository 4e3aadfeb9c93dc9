import type { Clock } from '../../../common/src/clock.ts';
import type { BookingDeps } from './booking.ts';
import type { ReminderScheduler } from './reminder-queue.ts';

/** What the appointment routers use, resolved once by appointmentsRoutes(). */
export interface AppointmentRouteDeps extends BookingDeps {
  clock: Clock;
  /** Video rooms live under this URL; the room's token is appended. */
  videoBaseUrl: string;
  /** The right-hand side of calendar UIDs (`<appointment id>@<domain>`): the portal's host. */
  calendarDomain: string;
  /** Schedules, moves and removes reminder jobs; null where no queue is wired (the sweep catches up). */
  reminders: ReminderScheduler | null;
}
