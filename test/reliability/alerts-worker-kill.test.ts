import { randomUUID } from 'node:crypto';
import net from 'node:net';
import type { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALERT_EVALUATION_QUEUE, type AlertEvaluationJob } from '../../common/src/jobs/alert-evaluation.ts';
import { createQueueFactory, type QueueFactory } from '../../common/src/queue.ts';
import { seedDemo } from '../../db/src/seed.ts';
import { CARE_TEAMS, CLINIC } from '../../db/src/seed-data.ts';
import { enqueueAlertEvaluations } from '../../ingest/src/pipeline/alert-jobs.ts';
import { EMAIL_QUEUE } from '../../alerts/src/delivery/email-queue.ts';
import { WEBHOOK_DELIVERY_QUEUE } from '../../alerts/src/delivery/webhook-queue.ts';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyWebhook } from '../../alerts/src/delivery/webhook-signature.ts';
import { insertReadings, waitFor } from '../../alerts/src/testing/fixtures.ts';
import { spawnTs, type Child } from '../support/child.ts';
import { useTestDb } from '../support/db-fixture.ts';
import { startHttpReceiver, type HttpReceiver } from '../support/http-receiver.ts';
import { startRedisServer, type RedisServer } from '../support/redis-server.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';

/**
 * Issues #6 and #11: the alerts deployable (alerts/src/main.ts, a child process) is SIGKILLed while
 * evaluation jobs run and while webhook and email deliveries are in flight, then restarted.
 *
 * "Mid-job" is made deterministic, not lucky: the webhook receiver and the SMTP sink sit behind
 * gates that pass the worker's bytes through but hold the answers, so delivery jobs are stuck in
 * flight (the webhook already received, not yet acknowledged; the email not yet greeted) until the
 * kill; the evaluation queue holds far more jobs than run before the first alert row appears, which
 * is when the kill comes. A Redis of its own keeps the queues and live events apart from other files.
 */
const db = useTestDb({ poolMax: 4 });
const SECRET = 'kill-test-webhook-secret-0123456789abcdef';
const PATIENT_COUNT = 200;
const CONCURRENCY = 2;

/**
 * A TCP relay to `upstreamPort` that forwards what the client sends at once but, while held, keeps
 * what the server answers. A held connection is a request in flight that the worker cannot finish.
 */
interface Gate {
  port: number;
  /** Connections currently open. */
  open: () => number;
  hold(): void;
  release(): void;
  close(): Promise<void>;
}

async function startGate(upstreamPort: number): Promise<Gate> {
  let held = true;
  const live = new Set<{ client: net.Socket; upstream: net.Socket; pending: Buffer[] }>();
  const server = net.createServer((client) => {
    const upstream = net.connect(upstreamPort, '127.0.0.1');
    const conn = { client, upstream, pending: [] as Buffer[] };
    live.add(conn);
    const end = () => {
      live.delete(conn);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    client.on('data', (d: Buffer) => upstream.write(d));
    upstream.on('data', (d: Buffer) => (held ? conn.pending.push(d) : client.write(d)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    open: () => live.size,
    hold() {
      held = true;
    },
    release() {
      held = false;
      for (const c of live) c.pending.splice(0).forEach((d) => c.client.write(d));
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of live) (c.client.destroy(), c.upstream.destroy());
        server.close(() => resolve());
      }),
  };
}

let redis: RedisServer | undefined;
let queues: QueueFactory | undefined;
let child: Child | undefined;
let receiver: HttpReceiver | undefined;
let sink: SmtpSink | undefined;
let webhookGate: Gate | undefined;
let smtpGate: Gate | undefined;

afterAll(async () => {
  await child?.kill('SIGKILL');
  await Promise.race([queues?.close().catch(() => undefined), new Promise((r) => setTimeout(r, 5000))]);
  await Promise.all([webhookGate?.close(), smtpGate?.close(), receiver?.close(), sink?.close()]);
  await redis?.stop();
}, 60_000);

let evaluation: Queue<AlertEvaluationJob>;

/** Patients of their own, with no device assigned (the scheduled rules leave them alone), in the diabetes care team. */
async function addPatients(count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, () => randomUUID());
  await db().pool.query(
    `INSERT INTO patients (id, clinic_id, mrn, given_name, family_name, birth_date, sex, conditions)
     SELECT id, $2, 'KILL-' || id, 'Test', 'Patient', '1970-01-01', 'unknown', '{type2_diabetes}' FROM unnest($1::uuid[]) AS t(id)`,
    [ids, CLINIC.id],
  );
  // its tier-1 nurse takes email about high alerts (the preference default)
  await db().pool.query('INSERT INTO care_team_patients (care_team_id, patient_id) SELECT $1, unnest($2::uuid[])', [CARE_TEAMS[0].id, ids]);
  return ids;
}

/** A low glucose (a `high` glucose-low alert) for each patient, enqueued the way ingest does. */
async function lowGlucose(patientIds: readonly string[]): Promise<void> {
  const at = new Date(Date.now() - 3 * 60_000);
  const touches = [];
  for (const patientId of patientIds) {
    const readingIds = await insertReadings(db().pool, patientId, [{ metric: 'glucose', at, value: 64 }]);
    touches.push({ patientId, metrics: new Set(['glucose']), readingIds, from: at.getTime(), to: at.getTime() });
  }
  await enqueueAlertEvaluations(evaluation, { patients: touches });
}

beforeAll(async () => {
  await seedDemo(db().pool);
  redis = await startRedisServer();
  queues = createQueueFactory({ kind: 'redis', url: redis.url });
  evaluation = queues.queue<AlertEvaluationJob>(ALERT_EVALUATION_QUEUE);
  receiver = await startHttpReceiver(() => 200);
  sink = await startSmtpSink();
  webhookGate = await startGate(Number(new URL(receiver.url).port));
  smtpGate = await startGate(Number(new URL(sink.url).port));
  await db().pool.query("INSERT INTO webhook_endpoints (clinic_id, url, secret, events) VALUES ($1, $2, $3, '{alert.opened}')", [CLINIC.id, `http://127.0.0.1:${webhookGate.port}/hook`, SECRET]);
}, 120_000);

function startAlertsChild(): Promise<Child> {
  const c = spawnTs('alerts/src/main.ts', [], {
    DATABASE_URL: db().url,
    REDIS_URL: redis!.url,
    HTTP_PORT: '0',
    LOG_LEVEL: 'warn',
    ALERTS_CONCURRENCY: String(CONCURRENCY),
    // short enough to see recovery within seconds, long enough that a busy machine does not make
    // a healthy job look stalled (BullMQ's defaults are 30 s each)
    ALERTS_JOB_LOCK_MS: '10000',
    ALERTS_STALLED_CHECK_MS: '2000',
    // a held request must stay in flight until the kill, not time out and be retried on its own
    WEBHOOK_TIMEOUT_MS: '120000',
    WEBHOOK_BACKOFF_MS: '200',
    // a notification whose enqueue the kill cut off (committed, no job) is the sweep's: soon, here
    OUTBOX_SWEEP_SECONDS: '2',
    OUTBOX_SWEEP_GRACE_SECONDS: '5',
    SMTP_URL: `smtp://127.0.0.1:${smtpGate!.port}`,
    SMTP_FROM: 'Vitals <alerts@vitals.test>',
  });
  child = c;
  return c.waitFor(/alerts ready/, 90_000).then(() => c);
}

/** The alerts of these patients. */
async function alertsOf(patients: readonly string[]) {
  const { rows } = await db().pool.query<{ id: string; patient_id: string; rule_id: string; count: number }>('SELECT id, patient_id, rule_id, count FROM alerts WHERE patient_id = ANY($1::uuid[])', [patients]);
  return rows;
}

/** Rethrows a timed-out wait with what the rows and the queue show, so a failure in CI says why. */
async function explained<T>(wait: Promise<T>, report: () => Promise<string>): Promise<T> {
  try {
    return await wait;
  } catch (e) {
    const details = await report().catch((r: unknown) => `(no report: ${(r as Error).message})`);
    throw new Error(`${(e as Error).message}\n${details}`);
  }
}

/** Rows of an outbox table by status and last error, the queue's counts, and the failed jobs' reasons. */
async function deliveryReport(table: 'webhook_deliveries' | 'email_outbox', where: string, params: unknown[], queue: Queue): Promise<string> {
  const { rows } = await db().pool.query<{ status: string; last_error: string | null; n: number }>(`SELECT status, last_error, count(*)::int AS n FROM ${table} WHERE ${where} GROUP BY 1, 2 ORDER BY 3 DESC`, params);
  const counts = await queue.getJobCounts('waiting', 'prioritized', 'delayed', 'active', 'completed', 'failed');
  const failed = (await queue.getFailed(0, 9)).map((j) => `${j.id}: ${j.failedReason} (attempts ${j.attemptsMade}, stalled ${j.stalledCounter})`);
  const active = (await queue.getActive(0, 9)).map((j) => `${j.id} (attempts ${j.attemptsMade}, stalled ${j.stalledCounter})`);
  return [`${table}: ${JSON.stringify(rows)}`, `queue: ${JSON.stringify(counts)}`, `failed: ${failed.join('; ')}`, `active: ${active.join('; ')}`, `child alive: ${child?.proc.exitCode === null && child.proc.signalCode === null}`, `child output (tail): ${child?.output().slice(-2000) ?? ''}`].join('\n');
}

describe('alerts worker killed with SIGKILL mid-job', () => {
  it('finishes every evaluation after a restart, with one alert per patient and rule and no notification sent twice', { timeout: 300_000 }, async () => {
    const patients = await addPatients(PATIENT_COUNT);
    await lowGlucose(patients);
    const enqueued = await evaluation.getJobCounts('waiting', 'prioritized', 'delayed');
    const total = enqueued.waiting! + enqueued.prioritized! + enqueued.delayed!;
    expect(total).toBeGreaterThan(0);

    await startAlertsChild();
    // kill once alerts are being written and both delivery kinds are stuck in flight
    await waitFor(
      async () => {
        const alerts = await alertsOf(patients);
        return alerts.length > 0 && receiver!.received.length > 0 && smtpGate!.open() > 0 ? true : undefined;
      },
      'the first alert with a webhook and an email in flight',
      90_000,
    );
    await child!.kill('SIGKILL');

    // what the dead worker held: Redis keeps it as it was
    const webhooks = queues!.queue(WEBHOOK_DELIVERY_QUEUE);
    const emails = queues!.queue(EMAIL_QUEUE);
    const stalledEvaluations = (await evaluation.getActive()).map((j) => j.id!);
    const stalledWebhooks = (await webhooks.getActive()).map((j) => j.id!);
    const stalledEmails = (await emails.getActive()).map((j) => j.id!);
    const left = await evaluation.getJobCounts('waiting', 'prioritized', 'active');
    expect(stalledEvaluations.length, 'an evaluation was running at the kill').toBeGreaterThan(0);
    expect(left.waiting! + left.prioritized!, 'the queue had not drained').toBeGreaterThan(0);
    expect(stalledWebhooks.length, 'a webhook was in flight at the kill').toBeGreaterThan(0);
    expect(stalledEmails.length, 'an email was in flight at the kill').toBeGreaterThan(0);
    const receivedBeforeKill = receiver!.received.map((r) => (JSON.parse(r.body) as { id: string }).id);

    webhookGate!.release();
    smtpGate!.release();
    await startAlertsChild();

    // every evaluation completes, the ones the dead worker held included (BullMQ's stalled-job check)
    await waitFor(
      async () => {
        const c = await evaluation.getJobCounts('waiting', 'prioritized', 'delayed', 'active', 'failed');
        return c.waiting! + c.prioritized! + c.delayed! + c.active! + c.failed! === 0 ? c : undefined;
      },
      'the evaluation queue to drain',
      120_000,
    );
    expect(await evaluation.getJobCounts('completed', 'failed')).toEqual({ completed: total, failed: 0 });
    for (const id of stalledEvaluations) {
      const job = (await evaluation.getJob(id))!;
      expect(await job.getState()).toBe('completed');
      expect(job.stalledCounter, `${id} was recovered as stalled`).toBeGreaterThanOrEqual(1);
    }

    // exactly one alert per patient and rule, counted once although a job ran twice
    const alerts = await alertsOf(patients);
    expect(alerts).toHaveLength(PATIENT_COUNT);
    expect(new Set(alerts.map((a) => `${a.patient_id}:${a.rule_id}`)).size).toBe(PATIENT_COUNT);
    expect(alerts.every((a) => a.rule_id === 'glucose-low' && a.count === 1)).toBe(true);
    const alertIds = new Set(alerts.map((a) => a.id));

    // every notification row is finished
    const deliveries = await explained(
      waitFor(
        async () => {
          const { rows } = await db().pool.query<{ id: string; status: string }>(`SELECT id, status FROM webhook_deliveries WHERE payload->'alert'->>'patientId' = ANY($1::text[])`, [patients]);
          return rows.length === PATIENT_COUNT && rows.every((r) => r.status === 'delivered') ? rows : undefined;
        },
        'every webhook delivered',
        120_000,
      ),
      () => deliveryReport('webhook_deliveries', `payload->'alert'->>'patientId' = ANY($1::text[])`, [patients], webhooks),
    );
    const outbox = await explained(
      waitFor(
        async () => {
          const { rows } = await db().pool.query<{ id: string; dedupe_key: string; status: string }>(`SELECT id, dedupe_key, status FROM email_outbox WHERE split_part(dedupe_key, ':', 1) = ANY($1::text[])`, [[...alertIds]]);
          return rows.length >= PATIENT_COUNT && rows.every((r) => r.status === 'sent') ? rows : undefined;
        },
        'every email sent',
        120_000,
      ),
      () => deliveryReport('email_outbox', `split_part(dedupe_key, ':', 1) = ANY($1::text[])`, [[...alertIds]], emails),
    );
    expect(await webhooks.getJobCounts('failed')).toEqual({ failed: 0 });
    expect(await emails.getJobCounts('failed')).toEqual({ failed: 0 });

    // webhooks are at-least-once (docs/alert-rules.md#webhooks): the body's id is the delivery id and
    // identical on a retry, so a receiver that drops ids it has seen gets each alert event once.
    // Only a delivery the receiver had answered but the dead worker had not recorded comes twice.
    const hooks = receiver!.received.map((r) => ({ r, body: JSON.parse(r.body) as { id: string; type: string; alert: { id: string } } }));
    const byDelivery = new Map<string, typeof hooks>();
    for (const h of hooks) byDelivery.set(h.body.id, [...(byDelivery.get(h.body.id) ?? []), h]);
    expect(new Set(byDelivery.keys())).toEqual(new Set(deliveries.map((d) => d.id)));
    for (const [id, copies] of byDelivery) {
      expect(new Set(copies.map((c) => c.r.body)).size, `${id} is byte-identical on every attempt`).toBe(1);
      expect(copies.length, `${id} is sent at most once more after the kill`).toBeLessThanOrEqual(receivedBeforeKill.includes(id) ? 2 : 1);
      for (const { r } of copies) expect(verifyWebhook(SECRET, { timestamp: String(r.headers[TIMESTAMP_HEADER]), signature: String(r.headers[SIGNATURE_HEADER]) }, r.body, new Date())).toBe(true);
    }
    const deduped = [...byDelivery.values()].map((copies) => copies[0]!.body);
    expect(deduped.every((b) => b.type === 'alert.opened' && alertIds.has(b.alert.id))).toBe(true);
    expect(new Set(deduped.map((b) => b.alert.id)).size).toBe(PATIENT_COUNT);
    // the deliveries the dead worker had sent but not recorded are the ones that came twice
    const repeated = [...byDelivery].filter(([, c]) => c.length > 1).map(([id]) => id);
    expect(repeated.length).toBeGreaterThan(0);
    expect(repeated.every((id) => stalledWebhooks.includes(`webhook-${id}`))).toBe(true);

    // email has no idempotency key, but the one in flight had not reached the relay: each once
    await sink!.waitFor(outbox.length, 60_000);
    await new Promise((r) => setTimeout(r, 500));
    const mailed = sink!.messages.map((m) => /\/alerts\/([0-9a-f-]{36})/.exec(m.data.replace(/=\n/g, ''))?.[1]).filter((id): id is string => id !== undefined && alertIds.has(id));
    expect(mailed).toHaveLength(outbox.length);
    expect(new Set(mailed).size).toBe(mailed.length);
  });

  it('does not leave a delivery silently pending when the worker dies under it twice in a row', { timeout: 300_000 }, async () => {
    // BullMQ gives up on a job found stalled more than maxStalledCount (1) times: the delivery must
    // then show up as given up (the admin dead-letter list), not stay pending behind a failed job id
    // that the sweep can no longer re-add
    webhookGate!.hold();
    smtpGate!.hold();
    const [patient] = await addPatients(1);
    const hooksOf = () => receiver!.received.filter((r) => (JSON.parse(r.body) as { alert: { patientId: string } }).alert.patientId === patient);
    const rows = async () => {
      const [alert] = await alertsOf([patient!]);
      if (!alert) return undefined;
      const webhook = (await db().pool.query<{ status: string; last_error: string | null }>(`SELECT status, last_error FROM webhook_deliveries WHERE payload->'alert'->>'id' = $1`, [alert.id])).rows;
      const email = (await db().pool.query<{ status: string; last_error: string | null }>(`SELECT status, last_error FROM email_outbox WHERE split_part(dedupe_key, ':', 1) = $1`, [alert.id])).rows;
      return { webhook, email };
    };
    await lowGlucose([patient!]);
    if (!child || child.proc.exitCode !== null || child.proc.signalCode !== null) await startAlertsChild();
    for (let crash = 1; crash <= 2; crash++) {
      await waitFor(async () => (hooksOf().length >= crash && smtpGate!.open() > 0 ? true : undefined), `webhook and email in flight (crash ${crash})`, 90_000);
      await child!.kill('SIGKILL');
      if (crash === 2) (webhookGate!.release(), smtpGate!.release());
      await startAlertsChild();
    }
    const settled = await waitFor(
      async () => {
        const r = await rows();
        return r && r.webhook.length === 1 && r.email.length === 1 && r.webhook[0]!.status !== 'pending' && r.email[0]!.status !== 'pending' ? r : undefined;
      },
      'the delivery and the email to be settled',
      120_000,
    );
    expect(settled.webhook[0]).toMatchObject({ status: 'dead_letter', last_error: expect.stringMatching(/stalled/) });
    expect(settled.email[0]).toMatchObject({ status: 'failed', last_error: expect.stringMatching(/stalled/) });
    // the email never reached the relay; the webhook reached the receiver once per crash
    expect(hooksOf()).toHaveLength(2);
  });
});
