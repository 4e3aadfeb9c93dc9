import type { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../common/src/clock.ts';
import { silentLogger } from '../../../common/src/logger.ts';
import { createQueueFactory, type QueueFactory } from '../../../common/src/queue.ts';
import { seedDemo } from '../../../db/src/seed.ts';
import { PATIENTS, USERS } from '../../../db/src/seed-data.ts';
import { useTestDb } from '../../../test/support/db-fixture.ts';
import { insertReadings, uniquePrefix, waitFor } from '../testing/fixtures.ts';
import { ADHERENCE_LADDER_QUEUE, createLadderWorker, enqueueLadderTick, type LadderJob } from './ladder-queue.ts';

const db = useTestDb();
const MARIA = PATIENTS[0].id;
const HOUR = 3_600_000;
const T0 = Date.parse('2026-06-10T12:00:00Z');
const userId = (email: string) => USERS.find((u) => u.email === email)!.id;
const clock = new ManualClock(T0);
let queues: QueueFactory;
let queue: Queue<LadderJob>;

/** Run one tick through the worker and wait for it to finish. */
async function tick(): Promise<void> {
  const [done, failed] = [await queue.getCompletedCount(), await queue.getFailedCount()];
  await enqueueLadderTick(queue);
  await waitFor(async () => ((await queue.getCompletedCount()) > done || (await queue.getFailedCount()) > failed ? true : undefined), 'the ladder tick');
  const [last] = await queue.getFailed(0, 0);
  if ((await queue.getFailedCount()) > failed) throw new Error(`ladder tick failed: ${last?.failedReason}`);
}

const runs = async () =>
  (await db().pool.query<{ state: string; steps: number[] }>(`SELECT state, ARRAY(SELECT (f->>'step')::int FROM jsonb_array_elements(fired) f) AS steps FROM rpm_ladder_runs WHERE patient_id = $1 ORDER BY created_at`, [MARIA])).rows;
const notified = async (email: string) => (await db().pool.query<{ title: string }>(`SELECT title FROM notifications WHERE user_id = $1 AND kind = 'care_task' AND title LIKE '%reading%' ORDER BY created_at`, [userId(email)])).rows.map((r) => r.title);
const auditActions = async () => (await db().pool.query<{ action: string }>(`SELECT action FROM audit_log WHERE patient_id = $1 AND actor = 'system:adherence-ladder' ORDER BY seq`, [MARIA])).rows.map((r) => r.action);

beforeAll(async () => {
  await seedDemo(db().pool); // Maria's programme: nudge at 48 h, nurse task at 72 h, lead at 120 h
  queues = createQueueFactory({ kind: 'redis', url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' }, { prefix: uniquePrefix('ladder') });
  queue = queues.queue<LadderJob>(ADHERENCE_LADDER_QUEUE);
  createLadderWorker({ queues, db: db().pool, clock, logger: silentLogger(), emailQueue: null });
  await insertReadings(db().pool, MARIA, [{ metric: 'glucose', at: new Date(T0), value: 120 }]);
});
afterAll(async () => {
  await queues?.close();
});

describe('adherence ladder worker', () => {
  it('does nothing while readings are recent', async () => {
    clock.set(T0 + 47 * HOUR);
    await tick();
    expect(await runs()).toEqual([]);
  });

  it('nudges the patient after 48 h, then opens a nurse task after 72 h, each audited once', async () => {
    clock.set(T0 + 50 * HOUR);
    await tick();
    await tick(); // a second tick in the same gap repeats nothing
    expect(await runs()).toEqual([{ state: 'active', steps: [1] }]);
    expect(await notified('maria@demo.vitals')).toEqual(['Please take a reading: we have not received one for 2 days']);
    const email = await db().pool.query(`SELECT subject FROM email_outbox WHERE user_id = $1`, [userId('maria@demo.vitals')]);
    expect(email.rows.map((r) => r.subject)).toEqual(['You have a new task in the portal']);

    clock.set(T0 + 73 * HOUR);
    await tick();
    expect(await runs()).toEqual([{ state: 'active', steps: [1, 2] }]);
    expect(await notified('nurse.patel@demo.vitals')).toEqual(['Adherence follow-up: a patient has sent no reading for 3 days']);
    const tasks = await db().pool.query(`SELECT kind, tier, status FROM rpm_tasks WHERE patient_id = $1`, [MARIA]);
    expect(tasks.rows).toEqual([{ kind: 'adherence_follow_up', tier: 1, status: 'open' }]);
    expect(await auditActions()).toEqual(['adherence.patient_nudge', 'adherence.nurse_task']);
  });

  it('stops at the next reading: no escalation, the task closes; the next gap starts again at step 1', async () => {
    await insertReadings(db().pool, MARIA, [{ metric: 'systolic', at: new Date(T0 + 74 * HOUR), value: 128 }]);
    clock.set(T0 + 121 * HOUR); // the old gap would be at step 3 (120 h) by now
    await tick();
    expect(await runs()).toEqual([{ state: 'cancelled', steps: [1, 2] }]);
    expect(await notified('dr.chen@demo.vitals')).toEqual([]);
    const tasks = await db().pool.query(`SELECT status, close_reason FROM rpm_tasks WHERE patient_id = $1`, [MARIA]);
    expect(tasks.rows).toEqual([{ status: 'closed', close_reason: 'a reading arrived' }]);
    expect((await auditActions()).at(-1)).toBe('adherence.ladder_cancelled');

    clock.set(T0 + (74 + 48) * HOUR);
    await tick();
    expect(await runs()).toEqual([
      { state: 'cancelled', steps: [1, 2] },
      { state: 'active', steps: [1] },
    ]);
    expect(await notified('maria@demo.vitals')).toHaveLength(2);
  });
});
