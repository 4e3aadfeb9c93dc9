import net from 'node:net';
import { randomUUID } from 'node:crypto';
import type { Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../common/src/clock.ts';
import { silentLogger } from '../../../common/src/logger.ts';
import { createQueueFactory, type QueueFactory } from '../../../common/src/queue.ts';
import { seedDemo } from '../../../db/src/seed.ts';
import { CLINIC, USERS } from '../../../db/src/seed-data.ts';
import { useTestDb } from '../../../test/support/db-fixture.ts';
import { REDIS_URL } from '../../../test/support/services.ts';
import { withWorkerDefaults } from '../main.ts';
import { uniquePrefix, waitFor } from '../testing/fixtures.ts';
import { ALERT_EVALUATION_QUEUE, rerunStalledEvaluation, type AlertEvaluationJob } from '../evaluation-queue.ts';
import { createEmailWorker, EMAIL_QUEUE, enqueueEmails, type EmailJob } from './email-queue.ts';
import { createWebhookWorker, enqueueWebhookDeliveries, WEBHOOK_DELIVERY_QUEUE, type WebhookDeliveryJob } from './webhook-queue.ts';

/**
 * Issue #11: a delivery job BullMQ fails for stalling more than maxStalledCount times must not leave
 * its outbox row pending for good. Stalling is made deterministic without killing anything: the
 * worker does not renew its lock (skipLockRenewal) and no stall is tolerated (maxStalledCount 0),
 * while the endpoint and the mailer never answer.
 */
const db = useTestDb({ poolMax: 4 });
let queues: QueueFactory;
let blackHole: net.Server;
const sockets = new Set<net.Socket>();
const workers: Worker[] = [];

beforeAll(async () => {
  await seedDemo(db().pool);
  blackHole = net.createServer((socket) => void sockets.add(socket));
  await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', resolve));
  queues = withWorkerDefaults(createQueueFactory({ kind: 'redis', url: REDIS_URL }, { prefix: uniquePrefix('stalled') }), {
    lockDuration: 1000,
    stalledInterval: 500,
    skipLockRenewal: true,
    maxStalledCount: 0,
  });
});
afterAll(async () => {
  // the processors are still waiting on the black hole: do not wait for them
  await Promise.all(workers.map((w) => w.close(true)));
  await queues?.close();
  sockets.forEach((s) => s.destroy());
  await new Promise((r) => blackHole.close(r));
});

describe('a delivery job failed for stalling too often', () => {
  it('dead-letters the webhook delivery', async () => {
    const port = (blackHole.address() as net.AddressInfo).port;
    const { rows } = await db().pool.query<{ id: string }>("INSERT INTO webhook_endpoints (clinic_id, url, secret, events) VALUES ($1, $2, 'stalled-test-secret-0123456789abcdef', '{alert.opened}') RETURNING id", [
      CLINIC.id,
      `http://127.0.0.1:${port}/hook`,
    ]);
    const id = randomUUID();
    await db().pool.query("INSERT INTO webhook_deliveries (id, endpoint_id, clinic_id, dedupe_key, event_type, payload) VALUES ($1, $2, $3, $4, 'alert.opened', '{}')", [id, rows[0]!.id, CLINIC.id, `stalled:${id}`]);
    let deadLetters = 0;
    workers.push(createWebhookWorker({ queues, db: db().pool, clock: systemClock, logger: silentLogger(), concurrency: 2, timeoutMs: 60_000, onDeadLetter: () => deadLetters++ }).worker);
    await enqueueWebhookDeliveries(queues.queue<WebhookDeliveryJob>(WEBHOOK_DELIVERY_QUEUE), [id], { attempts: 3, backoffMs: 100 });

    const row = await waitFor(async () => {
      const r = (await db().pool.query<{ status: string; last_error: string | null; dead_at: Date | null }>('SELECT status, last_error, dead_at FROM webhook_deliveries WHERE id = $1', [id])).rows[0];
      return r?.status === 'pending' ? undefined : r;
    }, 'the delivery to be given up');
    expect(row).toMatchObject({ status: 'dead_letter', last_error: expect.stringMatching(/stalled/), dead_at: expect.any(Date) });
    expect(deadLetters).toBe(1);
  });

  it('marks the email failed', async () => {
    const id = randomUUID();
    const nurse = USERS.find((u) => u.role === 'clinician')!;
    await db().pool.query("INSERT INTO email_outbox (id, dedupe_key, user_id, to_address, subject, body_text) VALUES ($1, $2, $3, $4, 'Vitals: new high alert', 'text')", [id, `stalled:${id}`, nurse.id, nurse.email]);
    const mailer = { sendMail: () => new Promise<never>(() => undefined) };
    workers.push(createEmailWorker({ queues, db: db().pool, clock: systemClock, logger: silentLogger(), mailer, from: 'Vitals <alerts@vitals.test>', concurrency: 2 }).worker);
    await enqueueEmails(queues.queue<EmailJob>(EMAIL_QUEUE), [id]);

    const row = await waitFor(async () => {
      const r = (await db().pool.query<{ status: string; last_error: string | null }>('SELECT status, last_error FROM email_outbox WHERE id = $1', [id])).rows[0];
      return r?.status === 'pending' ? undefined : r;
    }, 'the email to be given up');
    expect(row).toMatchObject({ status: 'failed', last_error: expect.stringMatching(/stalled/) });
  });

  it('gives an alert evaluation one re-run as a job of its own, and no second', async () => {
    const queue = queues.queue<AlertEvaluationJob>(ALERT_EVALUATION_QUEUE);
    const at = new Date().toISOString();
    const data = { patientId: randomUUID(), metrics: ['glucose'], from: at, to: at, readingCount: 1 };
    const original = await queue.add('evaluate', data, { jobId: `eval-stalled-${data.patientId}`, priority: 20 });
    await rerunStalledEvaluation(queue, original, silentLogger());
    const rerun = (await queue.getJob(`eval-stalled-${data.patientId}-rerun`))!;
    expect(rerun.data).toEqual(data);
    expect(rerun.opts.priority).toBe(20);
    await rerunStalledEvaluation(queue, rerun, silentLogger());
    // (the original stands in for the failed job here; no worker runs this queue)
    expect((await queue.getJobs(['waiting', 'prioritized'])).filter((j) => j.data.patientId === data.patientId).map((j) => j.id).sort()).toEqual([original.id, rerun.id].sort());
  });
});
