import { randomBytes } from 'node:crypto';
import type { Job } from 'bullmq';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../common/src/clock.ts';
import { silentLogger } from '../../../common/src/logger.ts';
import { createQueueFactory, type QueueFactory } from '../../../common/src/queue.ts';
import { seedDemo } from '../../../db/src/seed.ts';
import { useTestDb } from '../../../test/support/db-fixture.ts';
import { createRollupWorker, enqueueRollup, scheduleRollup, TREND_ROLLUP_QUEUE } from './rollup-job.ts';
import { at, createMonitoredPatient, insertReadings, MIN, series } from './testing/readings-fixtures.ts';

const db = useTestDb();
let queues: QueueFactory | undefined;

beforeAll(async () => {
  await seedDemo(db().pool);
});
afterEach(async () => {
  await queues?.close();
  queues = undefined;
});

/** A queue factory on BullMQ's PostgreSQL backend in the test database (the embedded-mode store). */
function factory(): QueueFactory {
  queues = createQueueFactory({ kind: 'postgres', url: db().url }, { prefix: `t${randomBytes(4).toString('hex')}` });
  return queues;
}

function settled(worker: ReturnType<typeof createRollupWorker>): Promise<{ job: Job; error?: Error }> {
  return new Promise((resolve) => {
    worker.once('completed', (job) => resolve({ job }));
    worker.once('failed', (job, error) => resolve({ job: job!, error }));
  });
}

describe('trend rollup job', () => {
  it('refreshes the rollups when a run is enqueued and moves the watermark', async () => {
    const { patientId, deviceId } = await createMonitoredPatient(db().pool, { timeZone: 'America/New_York' });
    await insertReadings(db().pool, patientId, deviceId, series(at('2026-05-10T04:00:00Z'), 24, () => 120));
    const q = factory();
    const clock = new ManualClock(new Date('2026-05-11T00:00:00Z'));
    const worker = createRollupWorker({ queues: q, db: db().pool, clock, logger: silentLogger(), marginMs: MIN });
    const done = settled(worker);
    await enqueueRollup(q, 'test');
    const { job, error } = await done;
    expect(error).toBeUndefined();
    expect(job.returnvalue).toMatchObject({ ran: true, dailyBuckets: 1, hourlyBuckets: 2 });
    const { rows } = await db().pool.query(`SELECT local_date::text AS d, n FROM readings_daily WHERE patient_id = $1`, [patientId]);
    expect(rows).toEqual([{ d: '2026-05-10', n: 24 }]);
    const state = await db().pool.query<{ watermark: Date }>('SELECT watermark FROM trend_rollup_state');
    expect(state.rows[0]!.watermark.toISOString()).toBe('2026-05-10T23:59:00.000Z');
  });

  it('fails a malformed job for good instead of retrying it', async () => {
    const q = factory();
    const worker = createRollupWorker({ queues: q, db: db().pool, clock: new ManualClock(), logger: silentLogger() });
    const done = settled(worker);
    await q.queue(TREND_ROLLUP_QUEUE).add('refresh', { reason: 42 }, { attempts: 3 });
    const { job, error } = await done;
    expect(error?.name).toBe('UnrecoverableError');
    expect(job.attemptsMade).toBe(1);
  });

  it('keeps one repeatable schedule however many processes register it', async () => {
    const q = factory();
    await scheduleRollup(q, { everyMs: 60_000 });
    await scheduleRollup(q, { everyMs: 30_000 });
    const schedulers = await q.queue(TREND_ROLLUP_QUEUE).getJobSchedulers();
    expect(schedulers).toHaveLength(1);
    expect(schedulers[0]).toMatchObject({ every: 30_000 });
  });
});
