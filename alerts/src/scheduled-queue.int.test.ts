import type { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../common/src/clock.ts';
import { createQueueFactory, type QueueFactory } from '../../common/src/queue.ts';
import { seedDemo } from '../../db/src/seed.ts';
import { PATIENTS } from '../../db/src/seed-data.ts';
import { useTestDb } from '../../test/support/db-fixture.ts';
import { enqueueScheduledTick, SCHEDULED_RULES_QUEUE, type ScheduledRulesJob } from './scheduled-queue.ts';
import { insertReadings, startTestAlerts, testAlertsConfig, uniquePrefix, waitFor } from './testing/fixtures.ts';

const db = useTestDb({ poolMax: 8 });
const MARIA = PATIENTS[0].id;
const HOUR = 3_600_000;
const BP_CUFF = '00000000-0000-4000-8000-000000000502';

let clock: ManualClock;
let stop: () => Promise<void>;
let queues: QueueFactory;
let queue: Queue<ScheduledRulesJob>;

const alertsOf = async () =>
  (await db().pool.query<{ rule_id: string; subject: string | null; severity: string; state: string; resolved_auto: boolean | null }>('SELECT rule_id, subject, severity, state, resolved_auto FROM alerts WHERE patient_id = $1 ORDER BY rule_id', [MARIA])).rows;

beforeAll(async () => {
  await seedDemo(db().pool);
  clock = new ManualClock(Date.now());
  const prefix = uniquePrefix('scheduled');
  // the embedded shape: BullMQ on PostgreSQL
  stop = await startTestAlerts(testAlertsConfig(db().url), { queuePrefix: prefix, clock });
  queues = createQueueFactory({ kind: 'postgres', url: db().url }, { prefix });
  queue = queues.queue<ScheduledRulesJob>(SCHEDULED_RULES_QUEUE);
});
afterAll(async () => {
  await queues?.close();
  await stop?.();
});

describe('scheduled rules', () => {
  it('registers the repeating tick every MISSED_READINGS_CHECK_MINUTES', async () => {
    expect(await queue.getJobScheduler('scheduled-rules')).toMatchObject({ every: 15 * 60_000 });
  });

  it('raises missed-readings, low-battery and gateway-offline alerts, and resolves them when things recover', async () => {
    await insertReadings(db().pool, MARIA, [{ metric: 'glucose', at: new Date(clock.now().getTime() - 50 * HOUR), value: 110 }]);
    await db().pool.query('UPDATE devices SET battery = 8 WHERE id = $1', [BP_CUFF]);
    await db().pool.query("UPDATE gateways SET state = 'offline', last_seen_at = $1 WHERE id = 'gw-demo-1'", [new Date(clock.now().getTime() - 30 * HOUR)]);
    // a period later than the scheduler's own first tick at start-up, whose patient jobs (same
    // period, same job ids) would otherwise stand for this tick's
    clock.advance(16 * 60_000);
    await enqueueScheduledTick(queue);
    await waitFor(async () => ((await alertsOf()).length === 3 ? true : undefined), 'three alerts');
    expect(await alertsOf()).toEqual([
      { rule_id: 'device-battery', subject: BP_CUFF, severity: 'high', state: 'open', resolved_auto: null },
      { rule_id: 'gateway-offline', subject: 'gw-demo-1', severity: 'low', state: 'open', resolved_auto: null },
      { rule_id: 'missed-readings', subject: null, severity: 'low', state: 'open', resolved_auto: null },
    ]);

    // the next period: a reading came in, the battery was changed, the gateway is back
    clock.advance(16 * 60_000);
    await insertReadings(db().pool, MARIA, [{ metric: 'glucose', at: clock.now(), value: 105 }]);
    await db().pool.query('UPDATE devices SET battery = 100 WHERE id = $1', [BP_CUFF]);
    await db().pool.query("UPDATE gateways SET state = 'online', last_seen_at = $1 WHERE id = 'gw-demo-1'", [clock.now()]);
    await enqueueScheduledTick(queue);
    await waitFor(async () => ((await alertsOf()).every((a) => a.state === 'resolved') ? true : undefined), 'all three resolved');
    expect((await alertsOf()).map((a) => a.resolved_auto)).toEqual([true, true, true]);
  });
});
