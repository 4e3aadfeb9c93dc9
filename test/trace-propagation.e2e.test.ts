/**
 * One trace id from the MQTT publish to the webhook (docs/api-operations.md#tracing): a batch
 * published with a traceparent to ingest's embedded broker is committed, its alert job carries the
 * trace, the alerts worker opens the alert under it and the webhook request continues it.
 */
import { Writable } from 'node:stream';
import mqtt from 'mqtt';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALERT_EVALUATION_QUEUE, type AlertEvaluationJob } from '../common/src/jobs/alert-evaluation.ts';
import { createRedisLiveEvents } from '../common/src/live-events.ts';
import { createQueueFactory, type QueueFactory } from '../common/src/queue.ts';
import { readingId } from '../common/src/reading-id.ts';
import { formatTraceparent, newTraceContext, parseTraceparent } from '../common/src/trace-context.ts';
import { seedDemo } from '../db/src/seed.ts';
import { CLINIC, DEVICES, GATEWAYS } from '../db/src/seed-data.ts';
import { startTestAlerts, testAlertsConfig, uniquePrefix, waitFor } from '../alerts/src/testing/fixtures.ts';
import { loadIngestConfig } from '../ingest/src/config.ts';
import { startIngest, type IngestHandle } from '../ingest/src/main.ts';
import { useTestDb } from './support/db-fixture.ts';
import { startHttpReceiver, type HttpReceiver } from './support/http-receiver.ts';
import { REDIS_URL } from './support/services.ts';

const db = useTestDb({ poolMax: 8 });
const GW = GATEWAYS[0];
const meter = DEVICES.find((d) => d.gatewayId === GW.id && d.type === 'glucose_meter')!;

type LogLine = Record<string, unknown> & { msg: string; trace_id?: string };
/** A pino logger at debug whose lines land in `lines`, as the services would write them to stdout. */
function capturingLogger(lines: LogLine[]) {
  return pino({ level: 'debug' }, new Writable({ write: (chunk, _enc, done) => (lines.push(JSON.parse(String(chunk)) as LogLine), done()) }));
}

const ingestLogs: LogLine[] = [];
const alertsLogs: LogLine[] = [];
let ingest: IngestHandle;
let stopAlerts: () => Promise<void>;
let queues: QueueFactory;
let webhook: HttpReceiver;
let client: mqtt.MqttClient;

beforeAll(async () => {
  await seedDemo(db().pool);
  webhook = await startHttpReceiver(() => 200);
  await db().pool.query("INSERT INTO webhook_endpoints (clinic_id, url, secret, events, min_severity) VALUES ($1, $2, 'trace-test-secret-0123456789abcdef', '{alert.opened}', 'info')", [CLINIC.id, `${webhook.url}/hook`]);
  const prefix = uniquePrefix('trace');
  ingest = await startIngest(loadIngestConfig({ DATABASE_URL: db().url, REDIS_URL, MQTT_PORT: '0', MQTT_HOST: '127.0.0.1', HTTP_PORT: '0', INGEST_BATCH_MS: '5' }), { logger: capturingLogger(ingestLogs), queuePrefix: prefix });
  stopAlerts = await startTestAlerts(testAlertsConfig(db().url, { REDIS_URL }), { queuePrefix: prefix, logger: capturingLogger(alertsLogs), live: createRedisLiveEvents(REDIS_URL, { channel: prefix }) });
  queues = createQueueFactory({ kind: 'redis', url: REDIS_URL }, { prefix });
  client = await mqtt.connectAsync(`mqtt://127.0.0.1:${ingest.mqttPort}`, { username: GW.id, password: GW.token, protocolVersion: 4, clientId: `${GW.id}-trace-test` });
});
afterAll(async () => {
  await client?.endAsync();
  await queues?.close();
  await stopAlerts?.();
  for (const c of [...(ingest?.closers ?? [])].reverse()) await c.close();
  await webhook?.close();
});

/** A one-reading glucose batch from the seeded meter, measured a minute ago. */
function batch(sequence: number, mgdl: number, traceparent?: string): string {
  return JSON.stringify({
    v: 1,
    gatewayId: GW.id,
    sentAt: new Date().toISOString(),
    readings: [{ id: readingId(meter.key, '2A18', { sequence }), deviceId: meter.key, characteristic: '2A18', sequence, measuredAt: new Date(Date.now() - 60_000).toISOString(), values: [{ metric: 'glucose', value: mgdl, unit: 'mg/dL' }] }],
    ...(traceparent ? { traceparent } : {}),
  });
}

const jobsOfPatient = async () => (await queues.queue<AlertEvaluationJob>(ALERT_EVALUATION_QUEUE).getJobs(['waiting', 'active', 'completed', 'failed'])).filter((j) => j.data.patientId === meter.patientId);

describe('trace propagation from MQTT to the alert webhook', () => {
  it('carries the gateway’s trace id through ingest, the alert job, the alerts worker and the webhook', async () => {
    const trace = newTraceContext();
    // the PUBACK comes after the commit, so the commit line is already logged when this resolves
    await client.publishAsync(`rpm/v1/gw/${GW.id}/readings`, batch(9001, 48, formatTraceparent(trace)), { qos: 1 });

    const committed = ingestLogs.find((l) => l.msg === 'readings batch committed' && l.trace_id === trace.traceId);
    expect(committed).toMatchObject({ gatewayId: GW.id, readings: 1, refused: 0 });
    // ingest is a child span of the gateway's publish: same trace, its own span
    expect(committed!.span_id).not.toBe(trace.spanId);
    expect(ingestLogs.find((l) => l.msg === 'readings batch received' && l.trace_id === trace.traceId)).toBeDefined();

    const job = await waitFor(async () => (await jobsOfPatient()).find((j) => parseTraceparent(j.data.traceparent)?.traceId === trace.traceId), 'the alert job with the trace');
    expect(parseTraceparent(job.data.traceparent)?.spanId).toBe(committed!.span_id);

    const opened = await waitFor(async () => alertsLogs.find((l) => l.msg === 'alert opened' && l.trace_id === trace.traceId), 'the alert opened log line');
    expect(opened).toMatchObject({ patientId: meter.patientId, severity: expect.any(String), alertId: expect.any(String) });

    const request = await waitFor(async () => webhook.received.find((r) => r.path === '/hook'), 'the webhook request');
    const sent = parseTraceparent(request.headers.traceparent as string | undefined);
    expect(sent?.traceId).toBe(trace.traceId);
    expect(JSON.parse(request.body)).toMatchObject({ type: 'alert.opened' });
    await waitFor(async () => alertsLogs.find((l) => l.msg === 'webhook delivered' && l.trace_id === trace.traceId), 'the webhook delivered log line');
  });

  it('starts a new trace for a batch without a traceparent (or with a malformed one), and stores it all the same', async () => {
    await client.publishAsync(`rpm/v1/gw/${GW.id}/readings`, batch(9002, 110), { qos: 1 });
    await client.publishAsync(`rpm/v1/gw/${GW.id}/readings`, batch(9003, 111, 'not-a-traceparent'), { qos: 1 });
    const stored = await db().pool.query<{ n: number }>('SELECT count(*)::int AS n FROM readings WHERE reading_id = ANY($1)', [[9002, 9003].map((s) => readingId(meter.key, '2A18', { sequence: s }))]);
    expect(stored.rows[0]!.n).toBe(2);
    const lines = ingestLogs.filter((l) => l.msg === 'readings batch committed').slice(-2);
    expect(lines).toHaveLength(2);
    for (const l of lines) expect(l.trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(lines[0]!.trace_id).not.toBe(lines[1]!.trace_id);
    // the new trace goes on into the alert job (the second batch may join that job while it waits:
    // coalesced live evaluations keep the trace of the batch that created them)
    await waitFor(async () => (await jobsOfPatient()).find((j) => parseTraceparent(j.data.traceparent)?.traceId === lines[0]!.trace_id), 'the job of the new trace');
  });

  it('logs the trace id with a batch that is dead-lettered', async () => {
    const trace = newTraceContext();
    const refused = JSON.stringify({ ...JSON.parse(batch(9004, 100)), gatewayId: GATEWAYS[1].id, traceparent: formatTraceparent(trace) });
    await client.publishAsync(`rpm/v1/gw/${GW.id}/readings`, refused, { qos: 1 });
    expect(ingestLogs.find((l) => l.msg === 'readings batch dead-lettered' && l.trace_id === trace.traceId)).toMatchObject({ reason: 'gateway_mismatch' });
  });
});
