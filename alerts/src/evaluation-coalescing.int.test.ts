import type { Queue } from 'bullmq';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../common/src/clock.ts';
import { isSuspectValue } from '../../common/src/jobs/evaluation-priority.ts';
import { ALERT_EVALUATION_QUEUE, type AlertEvaluationJob } from '../../common/src/jobs/alert-evaluation.ts';
import { silentLogger } from '../../common/src/logger.ts';
import { createQueueFactory, type QueueFactory } from '../../common/src/queue.ts';
import { seedDemo } from '../../db/src/seed.ts';
import { CLINIC } from '../../db/src/seed-data.ts';
import { enqueueAlertEvaluations } from '../../ingest/src/pipeline/alert-jobs.ts';
import { useTestDb } from '../../test/support/db-fixture.ts';
import { REDIS_URL } from '../../test/support/services.ts';
import type { AlertChange } from './alert-change.ts';
import { emptyDispatch } from './delivery/outbox.ts';
import { createEvaluationWorker } from './evaluation-queue.ts';
import type { AlertPublisher } from './publisher.ts';
import { insertReadings, uniquePrefix, unresolvedAlerts, waitFor, type TestReading } from './testing/fixtures.ts';

/**
 * Coalescing of live evaluations (docs/ingest.md, "Alert evaluation jobs") between the real
 * producer (`enqueueAlertEvaluations`) and the real worker, on both BullMQ stores: at most one
 * waiting job per patient, and no reading left unjudged.
 */
const db = useTestDb({ poolMax: 8 });
const secondsAgo = (s: number) => new Date(Date.now() - s * 1000);
const glucose = (s: number, value: number): TestReading => ({ metric: 'glucose', at: secondsAgo(s), value });

beforeAll(async () => {
  await seedDemo(db().pool);
});

async function newPatient(mrn: string): Promise<string> {
  const { rows } = await db().pool.query<{ id: string }>(`INSERT INTO patients (clinic_id, mrn, given_name, family_name, birth_date) VALUES ($1, $2, 'Coalesce', 'Test', '1970-01-01') RETURNING id`, [CLINIC.id, mrn]);
  return rows[0]!.id;
}

/**
 * Inserts readings and enqueues their evaluation the way ingest does after a commit. Unless
 * `triage` is set the batch is not marked suspect, so a low can show what coalescing alone does.
 */
async function commit(queue: Queue<AlertEvaluationJob>, patientId: string, readings: TestReading[], triage = false): Promise<void> {
  const ids = await insertReadings(db().pool, patientId, readings);
  const times = readings.map((r) => r.at.getTime());
  const suspect = triage && readings.some((r) => isSuspectValue(r.metric, r.value));
  await enqueueAlertEvaluations(queue, { patients: [{ patientId, metrics: new Set(['glucose']), readingIds: ids, from: Math.min(...times), to: Math.max(...times), suspect }] });
}

/**
 * The pool with a gate after the query that loads a patient's points: while armed, the next
 * evaluation holds there, active, having read the readings committed so far.
 */
function gatedPool(pool: pg.Pool) {
  let gate: { reached: () => void; opened: Promise<void> } | null = null;
  const query = (async (...args: Parameters<pg.Pool['query']>) => {
    const result = await (pool.query as (...a: unknown[]) => Promise<unknown>)(...args);
    const armed = gate;
    if (armed && typeof args[0] === 'string' && args[0].includes('JOIN readings r ON r.patient_id')) {
      gate = null;
      armed.reached();
      await armed.opened;
    }
    return result;
  }) as pg.Pool['query'];
  const gated = new Proxy(pool, { get: (target, prop) => (prop === 'query' ? query : Reflect.get(target, prop, target)) });
  return {
    pool: gated,
    /** Arms the gate; resolves `reached` once an evaluation holds there, until `open` is called. */
    arm() {
      let open!: () => void;
      let reached!: () => void;
      const opened = new Promise<void>((r) => (open = r));
      const reachedP = new Promise<void>((r) => (reached = r));
      gate = { reached, opened };
      return { reached: reachedP, open };
    },
  };
}

describe.each(['redis', 'postgres'] as const)('coalesced alert evaluations on %s', (store) => {
  // patients of their own: the two stores share the database
  let coalesced: string, reordered: string, duringActive: string, retried: string;
  let queues: QueueFactory;
  let queue: Queue<AlertEvaluationJob>;
  let worker: ReturnType<typeof createEvaluationWorker> | undefined;
  const gate = () => gatedPool(db().pool);
  let gated: ReturnType<typeof gatedPool>;
  const published: AlertChange[] = [];
  let failNextEvaluation = false;
  const publisher: AlertPublisher = {
    plan: async () => emptyDispatch(),
    publish: async (changes) => void published.push(...changes),
  };
  const startWorker = () =>
    (worker ??= createEvaluationWorker({
      queues,
      db: gated.pool,
      clock: systemClock,
      logger: silentLogger(),
      publisher,
      concurrency: 1,
      // a crash after the alert was stored and published: the job is retried
      onEvaluated: () => {
        if (!failNextEvaluation) return;
        failNextEvaluation = false;
        throw new Error('worker crashed after storing');
      },
    }));
  const counts = () => queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'completed', 'failed');
  /** Jobs not yet taken: routine ones wait prioritized behind suspect ones (common/src/jobs/evaluation-priority.ts). */
  const queued = async () => {
    const c = await counts();
    return { queued: (c.waiting ?? 0) + (c.prioritized ?? 0), active: c.active, delayed: c.delayed };
  };
  const lowAlert = async (patientId: string) => (await unresolvedAlerts(db().pool, patientId)).find((a) => a.rule_id === 'glucose-low');

  beforeAll(async () => {
    coalesced = await newPatient(`${store}-coalesced`);
    reordered = await newPatient(`${store}-reordered`);
    duringActive = await newPatient(`${store}-during-active`);
    retried = await newPatient(`${store}-retried`);
    gated = gate();
    queues = createQueueFactory(store === 'redis' ? { kind: 'redis', url: REDIS_URL } : { kind: 'postgres', url: db().url }, { prefix: uniquePrefix('coalesce') });
    queue = queues.queue<AlertEvaluationJob>(ALERT_EVALUATION_QUEUE);
  });
  afterAll(async () => {
    await queues?.close();
  });

  it('keeps one waiting evaluation per patient for live readings, and judges every reading it covers', async () => {
    // a low in the middle of twenty batches: the job kept is the first batch's, its window covers the low
    for (let i = 0; i < 20; i++) await commit(queue, coalesced, [glucose(40 - i, i === 7 ? 50 : 120)]);
    // late readings (a meter's stored records) keep a job of their own
    await commit(queue, coalesced, [glucose(3 * 3600, 130)]);
    await commit(queue, coalesced, [glucose(2 * 3600, 125)]);
    // a live batch measured before the waiting job's window: a job of its own too
    await commit(queue, reordered, [glucose(10, 120)]);
    await commit(queue, reordered, [glucose(30, 47)]);
    expect(await queued()).toEqual({ queued: 5, active: 0, delayed: 0 });

    startWorker();
    await waitFor(async () => ((await counts()).completed === 5 ? true : undefined), 'the five evaluations');
    for (const patientId of [coalesced, reordered]) {
      expect(await lowAlert(patientId)).toMatchObject({ severity: 'urgent', count: 1 });
      expect(published.filter((c) => c.ref.patientId === patientId).map((c) => c.kind)).toEqual(['opened']);
    }
  });

  it('evaluates a reading committed while its patient is being evaluated, after that evaluation', async () => {
    startWorker();
    const before = (await counts()).completed ?? 0;
    const held = gated.arm();
    await commit(queue, duringActive, [glucose(10, 120)]);
    try {
      await held.reached; // active, and it has read the readings so far
      await commit(queue, duringActive, [glucose(5, 49)]);
      await commit(queue, duringActive, [glucose(2, 118)]);
      expect(await queued()).toMatchObject({ queued: 1, active: 1 });
    } finally {
      held.open();
    }

    const alert = await waitFor(() => lowAlert(duringActive), 'the alert for the low committed during the evaluation');
    expect(alert).toMatchObject({ severity: 'urgent', count: 1 });
    await waitFor(async () => ((await counts()).completed === before + 2 ? true : undefined), 'both evaluations');
    const { rows } = await db().pool.query("SELECT first_value FROM alerts WHERE patient_id = $1 AND rule_id = 'glucose-low'", [duringActive]);
    expect(rows).toEqual([{ first_value: 49 }]);
  });

  it('opens one alert and publishes one change when a coalesced job is retried after a crash', async () => {
    startWorker();
    const before = (await counts()).completed ?? 0;
    failNextEvaluation = true;
    await commit(queue, retried, [glucose(4, 52)]);
    await waitFor(async () => ((await counts()).completed === before + 1 ? true : undefined), 'the retried evaluation', 20_000);
    expect(failNextEvaluation).toBe(false);
    const { rows } = await db().pool.query("SELECT count FROM alerts WHERE patient_id = $1 AND rule_id = 'glucose-low'", [retried]);
    expect(rows).toEqual([{ count: 1 }]);
    expect(published.filter((c) => c.ref.patientId === retried)).toHaveLength(1);
  });

  it('runs a suspect batch before the routine evaluations queued ahead of it', async () => {
    startWorker();
    await queue.pause();
    const routine: string[] = [];
    let urgent = '';
    try {
      for (let i = 0; i < 8; i++) {
        routine.push(await newPatient(`${store}-routine-${i}`));
        await commit(queue, routine[i]!, [glucose(5, 120)], true);
      }
      urgent = await newPatient(`${store}-suspect`);
      await commit(queue, urgent, [glucose(3, 45)], true);
    } finally {
      await queue.resume();
    }
    const mine = new Set([...routine, urgent]);
    const done = await waitFor(async () => {
      const jobs = (await queue.getJobs(['completed'])).filter((j) => mine.has(j.data.patientId));
      return jobs.length === mine.size ? jobs : undefined;
    }, 'the nine evaluations');
    const order = [...done].sort((a, b) => a.processedOn! - b.processedOn!).map((j) => j.data.patientId);
    expect(order[0]).toBe(urgent);
    expect(await lowAlert(urgent)).toMatchObject({ severity: 'urgent', count: 1 });
  });
});
