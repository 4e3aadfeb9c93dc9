import type { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALERT_EVALUATION_QUEUE, type AlertEvaluationJob } from '../../common/src/jobs/alert-evaluation.ts';
import { createRedisLiveEvents } from '../../common/src/live-events.ts';
import { createQueueFactory, type QueueFactory, type QueueStore } from '../../common/src/queue.ts';
import { seedDemo } from '../../db/src/seed.ts';
import { PATIENTS } from '../../db/src/seed-data.ts';
import { useTestDb } from '../../test/support/db-fixture.ts';
import { REDIS_URL } from '../../test/support/services.ts';
import { enqueueEvaluation, insertReadings, startTestAlerts, testAlertsConfig, uniquePrefix, unresolvedAlerts, waitFor, type TestReading } from './testing/fixtures.ts';

const db = useTestDb({ poolMax: 8 });
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

beforeAll(async () => {
  await seedDemo(db().pool);
});

/**
 * The same scenario on both BullMQ stores: the worker code must not know which one it runs on.
 * Each store gets its own patient, so the two runs share the database without meeting.
 */
describe.each([
  { store: 'redis', patient: PATIENTS[0].id },
  { store: 'postgres', patient: PATIENTS[2].id },
] as const)('evaluation worker on $store', ({ store, patient }) => {
  let stop: Awaited<ReturnType<typeof startTestAlerts>>;
  let queues: QueueFactory;
  let queue: Queue<AlertEvaluationJob>;
  const count = async () => (await unresolvedAlerts(db().pool, patient)).find((a) => a.rule_id === 'glucose-low');

  beforeAll(async () => {
    const prefix = uniquePrefix('eval');
    const queueStore: QueueStore = store === 'redis' ? { kind: 'redis', url: REDIS_URL } : { kind: 'postgres', url: db().url };
    const live = store === 'redis' ? { live: createRedisLiveEvents(REDIS_URL, { channel: prefix }) } : {};
    stop = await startTestAlerts(testAlertsConfig(db().url, store === 'redis' ? { REDIS_URL } : {}), { queuePrefix: prefix, ...live });
    queues = createQueueFactory(queueStore, { prefix });
    queue = queues.queue<AlertEvaluationJob>(ALERT_EVALUATION_QUEUE);
  });
  afterAll(async () => {
    await queues?.close();
    await stop?.();
  });

  it('opens an alert for a low glucose, once, and ignores a redelivered job', async () => {
    const low: TestReading[] = [{ metric: 'glucose', at: minutesAgo(5), value: 62 }];
    const ids = await insertReadings(db().pool, patient, low);
    await enqueueEvaluation(queue, patient, ids, low);
    const alert = await waitFor(count, 'the glucose-low alert');
    expect(alert).toMatchObject({ severity: 'high', state: 'open', count: 1 });
    // the same batch again under another job id: a redelivery that deduplication did not catch
    await enqueueEvaluation(queue, patient, ids, low, `redelivered-${store}`);
    await waitFor(async () => (((await queue.getJobCounts('completed')).completed ?? 0) >= 2 ? true : undefined), 'the second job');
    expect(await count()).toMatchObject({ id: alert.id, count: 1 });
  });

  it('keeps one unresolved alert when several jobs about new readings run at once', async () => {
    const lower: TestReading[] = [{ metric: 'glucose', at: minutesAgo(1), value: 48 }];
    const ids = await insertReadings(db().pool, patient, lower);
    await Promise.all(Array.from({ length: 6 }, (_, i) => enqueueEvaluation(queue, patient, ids, lower, `burst-${store}-${i}`)));
    const alert = await waitFor(async () => {
      const a = await count();
      return a?.severity === 'urgent' ? a : undefined;
    }, 'the alert to turn urgent');
    await waitFor(async () => (((await queue.getJobCounts('completed')).completed ?? 0) >= 8 ? true : undefined), 'all burst jobs');
    const { rows } = await db().pool.query("SELECT count(*)::int AS n FROM alerts WHERE patient_id = $1 AND rule_id = 'glucose-low' AND state <> 'resolved'", [patient]);
    expect(rows[0]?.n).toBe(1);
    // one newer reading folded in once, whatever the number of jobs about it
    expect((await count())?.count).toBe(2);
    expect(alert.state).toBe('open');
  });

  it('answers health, readiness and Prometheus metrics on its operations port', async () => {
    expect((await fetch(`${stop.httpUrl}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${stop.httpUrl}/readyz`)).json()).toEqual({ status: 'ok' });
    const metrics = await (await fetch(`${stop.httpUrl}/metrics`)).text();
    expect(metrics).toMatch(/^vitals_alerts_evaluations_total [1-9]/m);
    expect(metrics).toMatch(/^vitals_alerts_changes_total\{kind="opened",severity="high"\} 1$/m);
  });
});
