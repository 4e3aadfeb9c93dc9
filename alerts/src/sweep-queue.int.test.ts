import { randomUUID } from 'node:crypto';
import type { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQueueFactory, type QueueFactory } from '../../common/src/queue.ts';
import { seedDemo } from '../../db/src/seed.ts';
import { CLINIC } from '../../db/src/seed-data.ts';
import { useTestDb } from '../../test/support/db-fixture.ts';
import { startHttpReceiver, type HttpReceiver } from '../../test/support/http-receiver.ts';
import { REDIS_URL } from '../../test/support/services.ts';
import { startSmtpSink, type SmtpSink } from '../../test/support/smtp-sink.ts';
import { WEBHOOK_DELIVERY_QUEUE, type WebhookDeliveryJob } from './delivery/webhook-queue.ts';
import { ESCALATION_QUEUE, type EscalationJob } from './escalation-queue.ts';
import { OUTBOX_SWEEP_QUEUE, type OutboxSweepJob } from './sweep-queue.ts';
import { sweepUndelivered } from './sweep.ts';
import { startTestAlerts, testAlertsConfig, uniquePrefix, waitFor } from './testing/fixtures.ts';

/**
 * The outbox sweep re-enqueues what a crash between commit and enqueue orphaned (issue #11: the
 * worker-kill test found a webhook left pending for the 15 minutes until the old tick-borne sweep).
 * Rows are written here the way a dead worker leaves them: committed, pending, with no job.
 */
const db = useTestDb({ poolMax: 4 });
let receiver: HttpReceiver;
let sink: SmtpSink;
let stop: () => Promise<void>;
let queues: QueueFactory;
let queue: Queue<OutboxSweepJob>;
let endpointId: string;

/** A pending delivery `ageMs` old with no job, the way a worker killed after its commit leaves it. */
async function orphanedWebhook(ageMs: number): Promise<string> {
  const id = randomUUID();
  const body = { id, type: 'alert.opened', alert: { id: randomUUID() } };
  await db().pool.query(
    `INSERT INTO webhook_deliveries (id, endpoint_id, clinic_id, dedupe_key, event_type, payload, created_at) VALUES ($1, $2, $3, $4, 'alert.opened', $5, now() - $6 * interval '1 millisecond')`,
    [id, endpointId, CLINIC.id, `orphan-${id}`, JSON.stringify(body), ageMs],
  );
  return id;
}

async function orphanedEmail(ageMs: number): Promise<string> {
  const { rows } = await db().pool.query<{ id: string }>(
    `INSERT INTO email_outbox (dedupe_key, to_address, subject, body_text, created_at) VALUES ($1, 'nurse@vitals.test', 'Orphaned', 'An orphaned notification', now() - $2 * interval '1 millisecond') RETURNING id`,
    [`orphan-${randomUUID()}`, ageMs],
  );
  return rows[0]!.id;
}

const statusOf = async (table: 'webhook_deliveries' | 'email_outbox', id: string) => (await db().pool.query<{ status: string }>(`SELECT status FROM ${table} WHERE id = $1`, [id])).rows[0]!.status;

beforeAll(async () => {
  await seedDemo(db().pool);
  receiver = await startHttpReceiver(() => 200);
  sink = await startSmtpSink();
  endpointId = (await db().pool.query<{ id: string }>("INSERT INTO webhook_endpoints (clinic_id, url, secret, events) VALUES ($1, $2, 'sweep-test-secret-0123456789abcdef', '{alert.opened}') RETURNING id", [CLINIC.id, `${receiver.url}/hook`])).rows[0]!.id;
}, 60_000);
afterAll(async () => {
  await queues?.close();
  await stop?.();
  await Promise.all([receiver?.close(), sink?.close()]);
});

describe('outbox sweep', () => {
  it('a restarted process delivers what an older crash left pending at once, then sweeps on its schedule, leaving fresh rows to their writer', async () => {
    const before = { webhook: await orphanedWebhook(5 * 60_000), email: await orphanedEmail(5 * 60_000) };
    const prefix = uniquePrefix('sweep');
    stop = await startTestAlerts(testAlertsConfig(db().url, { REDIS_URL, SMTP_URL: sink.url, OUTBOX_SWEEP_SECONDS: '1', OUTBOX_SWEEP_GRACE_SECONDS: '2' }), { queuePrefix: prefix });
    queues = createQueueFactory({ kind: 'redis', url: REDIS_URL }, { prefix });
    queue = queues.queue<OutboxSweepJob>(OUTBOX_SWEEP_QUEUE);
    expect(await queue.getJobScheduler('alert-outbox-sweep-every')).toMatchObject({ every: 1000 });

    // the start-up run finds the old rows
    await waitFor(async () => ((await statusOf('webhook_deliveries', before.webhook)) === 'delivered' ? true : undefined), 'the orphaned webhook delivered', 20_000);
    await waitFor(async () => ((await statusOf('email_outbox', before.email)) === 'sent' ? true : undefined), 'the orphaned email sent', 20_000);
    expect(receiver.received.map((r) => (JSON.parse(r.body) as { id: string }).id)).toEqual([before.webhook]);

    // a row orphaned while the process runs: left alone within the grace, delivered once past it
    const fresh = await orphanedWebhook(0);
    const written = Date.now();
    await new Promise((r) => setTimeout(r, 1200));
    expect(Date.now() - written < 2000 ? await statusOf('webhook_deliveries', fresh) : 'pending').toBe('pending');
    await waitFor(async () => ((await statusOf('webhook_deliveries', fresh)) === 'delivered' ? true : undefined), 'the fresh orphan delivered after the grace', 20_000);
    await new Promise((r) => setTimeout(r, 1500));
    // sweeps keep running, but a delivered row is never sent again
    expect(receiver.received.filter((r) => (JSON.parse(r.body) as { id: string }).id === fresh)).toHaveLength(1);
    expect(sink.messages.filter((m) => m.data.includes('An orphaned notification'))).toHaveLength(1);
  }, 60_000);

  it('reaches every old pending row, page after page, not only the oldest page', async () => {
    // the running service would sweep these rows too: stop it first
    await stop?.();
    stop = async () => undefined;
    // a queue with no worker: what the sweep adds stays there to be looked at
    const idle = createQueueFactory({ kind: 'redis', url: REDIS_URL }, { prefix: uniquePrefix('sweep-pages') });
    try {
      const webhookQueue = idle.queue<WebhookDeliveryJob>(WEBHOOK_DELIVERY_QUEUE);
      const ids: string[] = [];
      for (let i = 0; i < 12; i++) ids.push(await orphanedWebhook(10 * 60_000 + i * 1000));
      const swept = await sweepUndelivered({ db: db().pool, emailQueue: null, webhookQueue, webhookRetry: { attempts: 1, backoffMs: 10 }, escalationQueue: idle.queue<EscalationJob>(ESCALATION_QUEUE) }, new Date(), 60_000, { batch: 5, maxRows: 100 });
      expect(swept.webhooks).toBe(12);
      const jobs = await Promise.all(ids.map((id) => webhookQueue.getJob(`webhook-${id}`)));
      expect(jobs.every((j) => j !== undefined)).toBe(true);
      // a per-run cap, the rest for the next run
      expect((await sweepUndelivered({ db: db().pool, emailQueue: null, webhookQueue, webhookRetry: { attempts: 1, backoffMs: 10 }, escalationQueue: idle.queue<EscalationJob>(ESCALATION_QUEUE) }, new Date(), 60_000, { batch: 5, maxRows: 7 })).webhooks).toBe(7);
    } finally {
      await idle.close();
    }
  });
});
