/**
 * Appointment reminders: one BullMQ delayed job per appointment, due 24 hours before the visit,
 * with a job id derived from the appointment id — so scheduling twice adds nothing, a cancellation
 * removes exactly that job, and a reschedule replaces it with one at the new time.
 *
 * The job is only a wake-up call: when it runs, the worker reads the appointment under a row lock
 * and decides. A cancelled visit gets nothing; a visit moved later puts the job back to sleep; a
 * reminder already sent for this start time is not sent again. So a job that slipped through a
 * removal (it was running at the time) or a scheduling call that failed after the booking committed
 * (repaired by ensureUpcomingReminders) can never remind anyone wrongly or twice.
 */
import { DelayedError, UnrecoverableError, type Queue, type Worker } from 'bullmq';
import type pg from 'pg';
import { z } from 'zod';
import type { Clock } from '../../../common/src/clock.ts';
import type { Logger } from '../../../common/src/logger.ts';
import type { QueueFactory } from '../../../common/src/queue.ts';
import { inTransaction } from '../identity/transaction.ts';
import { APPOINTMENT_SELECT, type AppointmentRow } from './appointment-view.ts';
import { SCHEDULING_DEFAULTS } from './defaults.ts';
import { localWhen, noticeToPatient } from './patient-notices.ts';

export const APPOINTMENT_REMINDER_QUEUE = 'appointment-reminders';

export const ReminderJob = z.object({ appointmentId: z.uuid() });
export type ReminderJob = z.infer<typeof ReminderJob>;

/** One job per appointment (BullMQ ids must not contain `:`). */
export const reminderJobId = (appointmentId: string): string => `appointment-reminder-${appointmentId}`;

/** When the reminder for a visit is due. */
export const reminderDueAt = (startsAt: Date): Date => new Date(startsAt.getTime() - SCHEDULING_DEFAULTS.reminderLeadMs);

/** What the appointment routes call after a change commits. */
export interface ReminderScheduler {
  /** Schedule the appointment's reminder, replacing any earlier one (a reschedule moves it). */
  schedule(a: { id: string; startsAt: Date }): Promise<void>;
  /** Remove the reminder (a cancellation). */
  cancel(appointmentId: string): Promise<void>;
  /** Make sure a job exists at the right time, leaving a correct one alone (the sweep). */
  ensure(a: { id: string; startsAt: Date }): Promise<void>;
}

const JOB_OPTIONS = { attempts: 8, backoff: { type: 'exponential', delay: 2_000 }, removeOnComplete: { age: 30 * 86_400 }, removeOnFail: { age: 30 * 86_400 } } as const;

/**
 * The scheduler on a BullMQ queue. Its calls come after the database change committed, so a queue
 * failure must not fail the request: it is logged, and the maintenance sweep schedules the job.
 */
export function queueReminderScheduler(deps: { queue: Queue<ReminderJob>; clock: Clock; logger: Logger }): ReminderScheduler {
  const { queue, clock, logger } = deps;
  const logged =
    <A extends unknown[]>(what: string, fn: (...a: A) => Promise<void>) =>
    async (...a: A) => {
      await fn(...a).catch((err: unknown) => logger.warn({ err, args: a }, `appointment reminder: ${what} failed; the maintenance sweep repairs it`));
    };
  const remove = async (appointmentId: string) => {
    await queue.remove(reminderJobId(appointmentId));
  };
  const add = async (a: { id: string; startsAt: Date }) => {
    const now = clock.now();
    if (a.startsAt <= now) return;
    // a visit booked less than a day ahead is reminded at once
    const delay = Math.max(0, reminderDueAt(a.startsAt).getTime() - now.getTime());
    await queue.add('remind', { appointmentId: a.id }, { ...JOB_OPTIONS, jobId: reminderJobId(a.id), delay });
  };
  return {
    schedule: logged('schedule', async (a) => {
      await remove(a.id);
      await add(a);
    }),
    cancel: logged('cancel', remove),
    ensure: logged('ensure', async (a) => {
      const job = await queue.getJob(reminderJobId(a.id));
      const state = job ? await job.getState() : null;
      if (state === 'active' || state === 'waiting' || state === 'prioritized') return;
      // a delayed job at the right time stays; one left at an old time is replaced
      if (job && state === 'delayed' && Math.abs(job.timestamp + job.delay - reminderDueAt(a.startsAt).getTime()) < 60_000) return;
      await remove(a.id);
      await add(a);
    }),
  };
}

/**
 * Schedule the reminders of booked visits starting within `withinMs` whose reminder has not gone
 * out for their current time. Repairs jobs lost to a queue outage or made before a reschedule that
 * could not move them. Run by the scheduling maintenance job.
 * @returns how many appointments were checked
 */
export async function ensureUpcomingReminders(db: Pick<pg.Pool, 'query'>, reminders: ReminderScheduler, now: Date, withinMs = 2 * SCHEDULING_DEFAULTS.reminderLeadMs): Promise<number> {
  const { rows } = await db.query<{ id: string; starts_at: Date }>(
    `SELECT id, starts_at FROM appointments
      WHERE status = 'booked' AND starts_at > $1 AND starts_at <= $2 AND reminder_sent_for IS DISTINCT FROM starts_at`,
    [now, new Date(now.getTime() + withinMs)],
  );
  for (const a of rows) await reminders.ensure({ id: a.id, startsAt: a.starts_at });
  return rows.length;
}

/** What the optional `notify` hook is told when a reminder goes out (no free text: ids and the visit type). */
export interface ReminderNotice {
  appointmentId: string;
  patientId: string;
  startsAt: Date;
  timeZone: string;
  visitType: string;
  modality: 'in_person' | 'video';
  /** The users who got the in-app notification. */
  userIds: string[];
}

export interface ReminderWorkerDeps {
  queues: QueueFactory;
  db: pg.Pool;
  clock: Clock;
  logger: Logger;
  /**
   * Another channel (email, SMS, push), called inside the reminder's transaction: if it throws,
   * nothing is recorded and BullMQ retries, so the notice is delivered at least once.
   */
  notify?: (n: ReminderNotice) => Promise<void>;
  concurrency?: number;
}

export type ReminderOutcome = 'sent' | 'not-needed' | 'already-sent' | { notBefore: Date };

/**
 * Send one appointment's reminder if it is due: record it on the appointment (the start time it
 * was for) and write the in-app notification to the patient and their proxies, in one transaction.
 */
export async function sendAppointmentReminder(deps: Pick<ReminderWorkerDeps, 'db' | 'clock' | 'notify'>, appointmentId: string): Promise<ReminderOutcome> {
  return inTransaction(deps.db, async (tx) => {
    const now = deps.clock.now();
    const { rows } = await tx.query<AppointmentRow>(`${APPOINTMENT_SELECT} WHERE a.id = $1 FOR UPDATE OF a`, [appointmentId]);
    const a = rows[0];
    if (!a || a.status !== 'booked' || a.starts_at <= now) return 'not-needed';
    const due = reminderDueAt(a.starts_at);
    // a minute of tolerance for clocks that disagree between the queue store and this process
    if (now.getTime() < due.getTime() - 60_000) return { notBefore: due };
    if (a.reminder_sent_for?.getTime() === a.starts_at.getTime()) return 'already-sent';
    await tx.query('UPDATE appointments SET reminder_sent_for = starts_at WHERE id = $1', [a.id]);
    const userIds = await noticeToPatient(tx, {
      patientId: a.patient_id,
      kind: 'appointment_reminder',
      title: `Reminder: ${a.vt_name} on ${localWhen(a.starts_at, a.timezone)}`,
      link: `/appointments/${a.id}`,
      at: now,
    });
    await deps.notify?.({ appointmentId: a.id, patientId: a.patient_id, startsAt: a.starts_at, timeZone: a.timezone, visitType: a.vt_name, modality: a.modality, userIds });
    return 'sent';
  });
}

/**
 * The reminder worker. Run it in any process that has the queue (alerts, or the API's main);
 * several instances share the work.
 */
export function createAppointmentReminderWorker(deps: ReminderWorkerDeps): { worker: Worker<ReminderJob, ReminderOutcome>; close: () => Promise<void> } {
  const worker = deps.queues.worker<ReminderJob, ReminderOutcome>(
    APPOINTMENT_REMINDER_QUEUE,
    async (job, token) => {
      const data = ReminderJob.safeParse(job.data);
      if (!data.success) throw new UnrecoverableError(`malformed ${APPOINTMENT_REMINDER_QUEUE} job: ${data.error.message}`);
      const outcome = await sendAppointmentReminder(deps, data.data.appointmentId);
      if (typeof outcome === 'object') {
        // the visit moved later than this job: sleep until the new due time
        await job.moveToDelayed(outcome.notBefore.getTime(), token);
        throw new DelayedError();
      }
      deps.logger.info({ appointmentId: data.data.appointmentId, outcome }, 'appointment reminder');
      return outcome;
    },
    { concurrency: deps.concurrency ?? 4 },
  );
  return { worker, close: () => worker.close() };
}
