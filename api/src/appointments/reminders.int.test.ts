import { randomBytes } from 'node:crypto';
import type { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../common/src/clock.ts';
import { silentLogger } from '../../../common/src/logger.ts';
import { createQueueFactory, type QueueFactory } from '../../../common/src/queue.ts';
import { seedDemo } from '../../../db/src/seed.ts';
import { CLINIC, PATIENTS, USERS } from '../../../db/src/seed-data.ts';
import { apiHarness, type Harness } from '../../../test/support/api-harness.ts';
import { useTestDb } from '../../../test/support/db-fixture.ts';
import { featureApp } from '../portal-records/testing/feature-app.ts';
import { DEMO_PROVIDERS, DEMO_VISIT_TYPES } from './demo-data.ts';
import { createSchedulingMaintenanceWorker, SCHEDULING_MAINTENANCE_QUEUE, scheduleSchedulingMaintenance } from './maintenance-queue.ts';
import {
  APPOINTMENT_REMINDER_QUEUE,
  createAppointmentReminderWorker,
  ensureUpcomingReminders,
  queueReminderScheduler,
  reminderJobId,
  sendAppointmentReminder,
  type ReminderJob,
  type ReminderNotice,
} from './reminder-queue.ts';
import { appointmentsRoutes } from './routes.ts';
import { generateSlots } from './slot-generation.ts';
import { freeSlots, notificationsOf } from './testing/scheduling-fixture.ts';

const db = useTestDb();
const HOUR = 3_600_000;
// BullMQ delays run on real time, so the test clock starts at the real now
const clock = new ManualClock(new Date());
const T0 = clock.now();
let h: Harness;
let queues: QueueFactory;
let queue: Queue<ReminderJob>;
const maria = PATIENTS[0];
const mariaUser = USERS.find((u) => u.email === 'maria@demo.vitals')!.id;
const { chen } = DEMO_PROVIDERS;
const { inPerson } = DEMO_VISIT_TYPES;
const notices: ReminderNotice[] = [];
const remindersOf = async (userId: string) => (await notificationsOf(db().pool, userId)).filter((n) => n.kind === 'appointment_reminder');

const dueOf = async (appointmentId: string) => {
  const job = await queue.getJob(reminderJobId(appointmentId));
  return job ? { state: await job.getState(), at: job.timestamp + job.delay } : null;
};
/**
 * BullMQ stamps a job with real time while its delay comes from the test clock (still at T0), so
 * the due time drifts by the real time this file has run so far, which a slow machine stretches.
 */
function expectDelayedUntil(got: Awaited<ReturnType<typeof dueOf>>, due: number): void {
  expect(got?.state).toBe('delayed');
  expect(got!.at - due).toBeGreaterThanOrEqual(-1000);
  expect(got!.at - due).toBeLessThanOrEqual(Date.now() - T0.getTime() + 1000);
}
const book = async (slotId: string) => (await h.request(`/v1/patients/${maria.id}/appointments`, { json: { slotId }, as: 'maria@demo.vitals' })).json();
async function waitFor<T>(probe: () => Promise<T | null | undefined | false>, ms = 15_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  await seedDemo(db().pool);
  queues = createQueueFactory({ kind: 'postgres', url: db().url }, { prefix: `t${randomBytes(4).toString('hex')}` });
  queue = queues.queue<ReminderJob>(APPOINTMENT_REMINDER_QUEUE);
  const reminders = queueReminderScheduler({ queue, clock, logger: silentLogger() });
  h = apiHarness(db().pool, { clock, buildApp: (deps) => featureApp(deps, (app) => app.route('/', appointmentsRoutes({ db: deps.db, clock, publicUrl: 'http://localhost:3000', reminders }))) });
  await generateSlots(db().pool, { now: T0, weeks: 3 });
});
afterAll(async () => {
  await queues?.close();
});

describe('appointment reminders (BullMQ on PostgreSQL)', () => {
  it('schedules a delayed job 24 hours before the visit, moves it on reschedule and removes it on cancel', async () => {
    const [s1, , s2] = await freeSlots(db().pool, { providerId: chen.id, visitTypeId: inPerson.id, after: new Date(T0.getTime() + 72 * HOUR), count: 3 });
    const a = await book(s1!.id);
    expectDelayedUntil(await dueOf(a.id), s1!.startsAt.getTime() - 24 * HOUR);

    const moved = await h.request(`/v1/patients/${maria.id}/appointments/${a.id}/reschedule`, { json: { slotId: s2!.id }, as: 'maria@demo.vitals' });
    expect(moved.status).toBe(200);
    expectDelayedUntil(await dueOf(a.id), s2!.startsAt.getTime() - 24 * HOUR);

    expect((await h.request(`/v1/patients/${maria.id}/appointments/${a.id}/cancel`, { json: {}, as: 'maria@demo.vitals' })).status).toBe(200);
    expect(await dueOf(a.id)).toBeNull();
  });

  it('the worker records the in-app reminder once, when due; early jobs go back to sleep', async () => {
    const [slot] = await freeSlots(db().pool, { providerId: chen.id, visitTypeId: inPerson.id, after: new Date(T0.getTime() + 96 * HOUR) });
    const a = await book(slot!.id);
    const { close } = createAppointmentReminderWorker({ queues, db: db().pool, clock, logger: silentLogger(), notify: async (n) => void notices.push(n) });
    try {
      // woken early (promoted by hand): the worker sees it is not due and delays it again
      await (await queue.getJob(reminderJobId(a.id)))!.promote();
      await waitFor(async () => (await dueOf(a.id))?.state === 'delayed' && (await queue.getJob(reminderJobId(a.id)))!.attemptsStarted > 0);
      expect(await remindersOf(mariaUser)).toEqual([]);

      clock.set(new Date(slot!.startsAt.getTime() - 24 * HOUR));
      await (await queue.getJob(reminderJobId(a.id)))!.promote();
      await waitFor(async () => (await dueOf(a.id))?.state === 'completed');
      const [n] = await remindersOf(mariaUser);
      expect(n).toMatchObject({ kind: 'appointment_reminder', link: `/appointments/${a.id}` });
      expect(n!.title).toMatch(/^Reminder: In-person visit on /);
      expect(notices).toEqual([expect.objectContaining({ appointmentId: a.id, patientId: maria.id, visitType: 'In-person visit', userIds: [mariaUser] })]);
      const { rows } = await db().pool.query('SELECT reminder_sent_for FROM appointments WHERE id = $1', [a.id]);
      expect(rows[0].reminder_sent_for).toEqual(slot!.startsAt);
      // a retried or duplicate run sends nothing more
      expect(await sendAppointmentReminder({ db: db().pool, clock }, a.id)).toBe('already-sent');
      expect(await remindersOf(mariaUser)).toHaveLength(1);
    } finally {
      await close();
      clock.set(T0);
    }
  });

  it('sends nothing for a cancelled visit and asks to wait for one not yet due', async () => {
    const [slot] = await freeSlots(db().pool, { providerId: chen.id, visitTypeId: inPerson.id, after: new Date(T0.getTime() + 120 * HOUR) });
    const a = await book(slot!.id);
    expect(await sendAppointmentReminder({ db: db().pool, clock }, a.id)).toEqual({ notBefore: new Date(slot!.startsAt.getTime() - 24 * HOUR) });
    await h.request(`/v1/patients/${maria.id}/appointments/${a.id}/cancel`, { json: {}, as: 'maria@demo.vitals' });
    clock.set(new Date(slot!.startsAt.getTime() - 24 * HOUR));
    expect(await sendAppointmentReminder({ db: db().pool, clock }, a.id)).toBe('not-needed');
    clock.set(T0);
  });

  it('the sweep schedules reminders that were never queued, and leaves correct ones alone', async () => {
    const [slot] = await freeSlots(db().pool, { providerId: chen.id, visitTypeId: inPerson.id, after: new Date(T0.getTime() + 30 * HOUR) });
    // booked without the queue (as by an API process that has none)
    const { rows } = await db().pool.query<{ id: string }>(
      `INSERT INTO appointments (clinic_id, patient_id, slot_id, provider_id, location_id, visit_type_id, starts_at, ends_at)
       SELECT $1, $2, s.id, s.provider_id, s.location_id, s.visit_type_id, s.starts_at, s.ends_at FROM appointment_slots s WHERE s.id = $3 RETURNING id`,
      [CLINIC.id, PATIENTS[2].id, slot!.id],
    );
    const id = rows[0]!.id;
    expect(await dueOf(id)).toBeNull();
    const reminders = queueReminderScheduler({ queue, clock, logger: silentLogger() });
    expect(await ensureUpcomingReminders(db().pool, reminders, clock.now())).toBeGreaterThanOrEqual(1);
    const first = await dueOf(id);
    expectDelayedUntil(first, slot!.startsAt.getTime() - 24 * HOUR);
    await ensureUpcomingReminders(db().pool, reminders, clock.now());
    expect(await dueOf(id)).toEqual(first);
  });

  it('runs the scheduling maintenance jobs (slots, waitlist, reminders) from the repeatable schedule', async () => {
    const reminders = queueReminderScheduler({ queue, clock, logger: silentLogger() });
    const results: unknown[] = [];
    const worker = createSchedulingMaintenanceWorker({ queues, db: db().pool, clock, logger: silentLogger(), reminders, weeksAhead: 4 });
    worker.on('completed', (job, result) => void results.push({ name: job.name, result }));
    try {
      await scheduleSchedulingMaintenance(queues, { slotsMs: 60_000, waitlistMs: 60_000 });
      await waitFor(async () => results.length >= 2);
      expect(results).toEqual(
        expect.arrayContaining([
          { name: 'generate-slots', result: { created: expect.any(Number), removed: 0 } },
          { name: 'waitlist-and-reminders', result: { expired: 0, offered: 0, reminders: expect.any(Number) } },
        ]),
      );
      const schedulers = await queues.queue(SCHEDULING_MAINTENANCE_QUEUE).getJobSchedulers();
      expect(schedulers.map((s) => s.key).sort()).toEqual(['generate-slots-every', 'waitlist-and-reminders-every']);
    } finally {
      await worker.close();
    }
  });
});
