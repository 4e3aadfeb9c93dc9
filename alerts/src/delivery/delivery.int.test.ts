import type { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALERT_EVALUATION_QUEUE, type AlertEvaluationJob } from '../../../common/src/jobs/alert-evaluation.ts';
import { createRedisLiveEvents } from '../../../common/src/live-events.ts';
import { createQueueFactory, type QueueFactory } from '../../../common/src/queue.ts';
import { seedDemo } from '../../../db/src/seed.ts';
import { CLINIC, PATIENTS, USERS } from '../../../db/src/seed-data.ts';
import { apiHarness } from '../../../test/support/api-harness.ts';
import { useTestDb } from '../../../test/support/db-fixture.ts';
import { startHttpReceiver, type HttpReceiver } from '../../../test/support/http-receiver.ts';
import { REDIS_URL } from '../../../test/support/services.ts';
import { startSmtpSink, type SmtpSink } from '../../../test/support/smtp-sink.ts';
import { enqueueEvaluation, insertReadings, startTestAlerts, testAlertsConfig, uniquePrefix, waitFor } from '../testing/fixtures.ts';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyWebhook } from './webhook-signature.ts';

const db = useTestDb({ poolMax: 8 });
const SECRET = 'webhook-test-secret-0123456789abcdef';
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);
const email = (address: string) => USERS.find((u) => u.email === address)!;

async function addEndpoint(url: string): Promise<string> {
  const { rows } = await db().pool.query<{ id: string }>("INSERT INTO webhook_endpoints (clinic_id, url, secret, events) VALUES ($1, $2, $3, '{alert.opened}') RETURNING id", [CLINIC.id, url, SECRET]);
  return rows[0]!.id;
}

async function deliveries(endpointId: string) {
  return (await db().pool.query<{ status: string; attempts: number; last_status: number | null }>('SELECT status, attempts, last_status FROM webhook_deliveries WHERE endpoint_id = $1', [endpointId])).rows;
}

let sink: SmtpSink;
let flaky: HttpReceiver;
let broken: HttpReceiver;

beforeAll(async () => {
  await seedDemo(db().pool);
  sink = await startSmtpSink();
  flaky = await startHttpReceiver((n) => (n < 2 ? 503 : 200));
  broken = await startHttpReceiver(() => 503);
});
afterAll(async () => {
  await Promise.all([sink?.close(), flaky?.close(), broken?.close()]);
});

/** Each store in turn: the delivery workers, like the evaluation one, must not care which it runs on. */
describe.each([
  { store: 'redis', patient: PATIENTS[0].id },
  { store: 'postgres', patient: PATIENTS[2].id },
] as const)('notification delivery on $store', ({ store, patient }) => {
  let stop: () => Promise<void>;
  let queues: QueueFactory;
  let queue: Queue<AlertEvaluationJob>;
  let endpoints: { flaky: string; broken: string };

  beforeAll(async () => {
    const prefix = uniquePrefix(`delivery-${store}`);
    endpoints = { flaky: await addEndpoint(`${flaky.url}/${store}`), broken: await addEndpoint(`${broken.url}/${store}`) };
    const extra: Record<string, string> = { SMTP_URL: sink.url, SMTP_FROM: 'Vitals <alerts@vitals.test>', ...(store === 'redis' ? { REDIS_URL } : {}) };
    stop = await startTestAlerts(testAlertsConfig(db().url, extra), { queuePrefix: prefix, ...(store === 'redis' ? { live: createRedisLiveEvents(REDIS_URL, { channel: prefix }) } : {}) });
    queues = createQueueFactory(store === 'redis' ? { kind: 'redis', url: REDIS_URL } : { kind: 'postgres', url: db().url }, { prefix });
    queue = queues.queue<AlertEvaluationJob>(ALERT_EVALUATION_QUEUE);
    // endpoints of the other store's run are still active: take this run's deliveries only
    const readings = [{ metric: 'glucose' as const, at: minutesAgo(3), value: 64 }];
    await enqueueEvaluation(queue, patient, await insertReadings(db().pool, patient, readings), readings);
  });
  afterAll(async () => {
    await queues?.close();
    await stop?.();
  });

  it('retries a failing webhook with backoff until it succeeds, signed so the receiver can verify it', async () => {
    const [row] = await waitFor(async () => {
      const rows = await deliveries(endpoints.flaky);
      return rows[0]?.status === 'delivered' ? rows : undefined;
    }, 'the flaky endpoint to accept');
    expect(row).toMatchObject({ attempts: 3, last_status: 200 });
    const mine = flaky.received.filter((r) => r.path === `/${store}`);
    expect(mine.map((r) => r.status)).toEqual([503, 503, 200]);
    const last = mine.at(-1)!;
    const headers = { timestamp: String(last.headers[TIMESTAMP_HEADER]), signature: String(last.headers[SIGNATURE_HEADER]) };
    expect(verifyWebhook(SECRET, headers, last.body, new Date())).toBe(true);
    expect(JSON.parse(last.body)).toMatchObject({ type: 'alert.opened', alert: { patientId: patient, ruleId: 'glucose-low', severity: 'high', state: 'open' } });
  });

  it('dead-letters a delivery after its last attempt, listed for admins', async () => {
    await waitFor(async () => ((await deliveries(endpoints.broken))[0]?.status === 'dead_letter' ? true : undefined), 'the dead letter');
    expect(await deliveries(endpoints.broken)).toEqual([{ status: 'dead_letter', attempts: 4, last_status: 503 }]);
    const h = apiHarness(db().pool);
    const res = await h.request('/v1/admin/webhook-dead-letters', { as: 'admin@demo.vitals' });
    expect(res.status).toBe(200);
    const { deadLetters } = (await res.json()) as { deadLetters: { endpointId: string; attempts: number; lastError: string; eventType: string }[] };
    expect(deadLetters.find((d) => d.endpointId === endpoints.broken)).toMatchObject({ attempts: 4, lastError: 'HTTP 503', eventType: 'alert.opened' });
    expect((await h.request('/v1/admin/webhook-dead-letters', { as: 'nurse.patel@demo.vitals' })).status).toBe(403);
  });
});

describe('email through SMTP', () => {
  it('told tier 1 of the care team about each high alert, with no health information in the subject or body', async () => {
    const nurse = email('nurse.patel@demo.vitals');
    const mails = await sink.waitFor(2);
    expect(mails.map((m) => m.to)).toEqual([[nurse.email], [nurse.email]]);
    // a stable Message-ID per outbox row, so a repeat after a crash is recognisable
    const { rows: outbox } = await db().pool.query<{ id: string }>("SELECT id FROM email_outbox WHERE status = 'sent'");
    const ids = mails.map((m) => /^Message-ID: <([0-9a-f-]{36})@vitals\.test>$/im.exec(m.data)?.[1]);
    expect(ids.every((id) => id !== undefined && outbox.some((o) => o.id === id))).toBe(true);
    for (const m of mails) {
      expect(m.from).toBe('alerts@vitals.test');
      expect(m.data).toMatch(/^Subject: Vitals: new high alert$/m);
      expect(m.data.replaceAll('=\n', '')).toContain('http://localhost:3000/alerts/');
      expect(m.data).not.toMatch(/glucose|mg\/dL|Garcia|Tanaka|MRN/i);
    }
  });
});
