import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../../db/src/seed.ts';
import { apiHarness } from '../../../test/support/api-harness.ts';
import { useTestDb } from '../../../test/support/db-fixture.ts';
import { ALERT_EVALUATION_QUEUE, type AlertEvaluationJob } from '../../../common/src/jobs/alert-evaluation.ts';
import { formatTraceparent, newTraceContext, parseTraceparent } from '../../../common/src/trace-context.ts';
import { createQueueFactory, type QueueFactory } from '../../../common/src/queue.ts';
import { createApp } from '../app.ts';
import { createTestPatient } from '../fhir/testing/fhir-fixtures.ts';
import { apiSecretHeaderValue } from './nightscout-secret.ts';

const db = useTestDb();
let queues: QueueFactory | undefined;
afterAll(async () => {
  await queues?.close();
});

describe('Nightscout uploads and alerts', () => {
  it('enqueue the same alert evaluation job as MQTT readings, once per upload content', async () => {
    await seedDemo(db().pool);
    queues = createQueueFactory({ kind: 'postgres', url: db().url }, { prefix: `t${randomBytes(4).toString('hex')}` });
    const alertQueue = queues.queue<AlertEvaluationJob>(ALERT_EVALUATION_QUEUE);
    const h = apiHarness(db().pool, { buildApp: (deps) => createApp({ ...deps, alertQueue }) });
    const patient = await createTestPatient(db().pool, ['a1']);
    const { secret } = await (await h.request(`/v1/patients/${patient.patientId}/nightscout-credentials`, { json: { label: 'uploader' }, as: patient.userId })).json();
    const now = h.clock.now().getTime();
    const upload = [0, 5, 10].map((m) => ({ device: 'xDrip-DexcomG6', date: now - m * 60_000, dateString: new Date(now - m * 60_000).toISOString(), sgv: 52, direction: 'Flat', type: 'sgv' }));
    // the uploader's trace continues into the job (the resend adds no job, so the first trace stays)
    const trace = newTraceContext();
    for (let i = 0; i < 2; i++) expect((await h.request('/api/v1/entries', { json: upload, headers: { 'api-secret': apiSecretHeaderValue(secret), traceparent: formatTraceparent(trace) } })).status).toBe(200);
    const jobs = (await alertQueue.getJobs(['waiting', 'delayed', 'prioritized', 'active', 'completed'])).filter((j) => j.data.patientId === patient.patientId);
    expect(jobs).toHaveLength(1);
    const carried = parseTraceparent(jobs[0]!.data.traceparent);
    expect(carried?.traceId).toBe(trace.traceId);
    expect(carried?.spanId).not.toBe(trace.spanId);
  });
});
