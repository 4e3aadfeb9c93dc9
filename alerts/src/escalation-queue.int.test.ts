import type { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/src/app.ts';
import { ManualClock } from '../../common/src/clock.ts';
import { ALERT_EVALUATION_QUEUE, type AlertEvaluationJob } from '../../common/src/jobs/alert-evaluation.ts';
import { createPostgresLiveEvents, createRedisLiveEvents, type LiveEvents } from '../../common/src/live-events.ts';
import { createQueueFactory, type QueueFactory } from '../../common/src/queue.ts';
import { seedDemo } from '../../db/src/seed.ts';
import { PATIENTS } from '../../db/src/seed-data.ts';
import { apiHarness, type Harness } from '../../test/support/api-harness.ts';
import { useTestDb } from '../../test/support/db-fixture.ts';
import { REDIS_URL } from '../../test/support/services.ts';
import { startSmtpSink, type SmtpSink } from '../../test/support/smtp-sink.ts';
import { ESCALATION_QUEUE, escalationJobId, type EscalationJob } from './escalation-queue.ts';
import { defaultClinicRules } from './rules/default-rules.ts';
import { enqueueEvaluation, insertReadings, startTestAlerts, testAlertsConfig, uniquePrefix, unresolvedAlerts, waitFor } from './testing/fixtures.ts';

const db = useTestDb({ poolMax: 10 });
/** Tier 2 after 2.4 s instead of 15 minutes: the policy is clinic configuration, set through the API. */
const TIER2_AFTER_MINUTES = 0.04;

let sink: SmtpSink;

const urgentAlertOf = (patientId: string) =>
  waitFor(async () => (await unresolvedAlerts(db().pool, patientId)).find((a) => a.rule_id === 'glucose-low' && a.severity === 'urgent'), `${patientId}'s urgent alert`);
const tierOf = async (alertId: string) => (await db().pool.query<{ escalation_tier: number }>('SELECT escalation_tier FROM alerts WHERE id = $1', [alertId])).rows[0]?.escalation_tier;
const mailsAbout = (alertId: string) => sink.messages.filter((m) => m.data.replaceAll('=\n', '').includes(alertId));

beforeAll(async () => {
  await seedDemo(db().pool);
  sink = await startSmtpSink();
  const h = apiHarness(db().pool);
  const policy = { rules: defaultClinicRules(), escalation: { tiers: [{ tier: 1, afterMinutes: 0 }, { tier: 2, afterMinutes: TIER2_AFTER_MINUTES }] } };
  expect((await h.request('/v1/alert-rules', { method: 'PUT', json: policy, as: 'admin@demo.vitals' })).status).toBe(200);
});
afterAll(async () => {
  await sink?.close();
});

/**
 * On each store, two urgent alerts: one nobody acknowledges (tier 1 then tier 2 are told), one
 * acknowledged after tier 1 (tier 2 never is). Tier 1 is Priya Patel, nurse in both care teams;
 * tier 2 the physicians of the patient's teams.
 */
describe.each([
  { store: 'redis', ignored: PATIENTS[0].id, physicians: ['dr.chen@demo.vitals', 'dr.johnson@demo.vitals'], acknowledged: PATIENTS[2].id },
  { store: 'postgres', ignored: PATIENTS[3].id, physicians: ['dr.chen@demo.vitals', 'dr.johnson@demo.vitals'], acknowledged: PATIENTS[1].id },
] as const)('escalation of urgent alerts on $store', ({ store, ignored, physicians, acknowledged }) => {
  let stop: () => Promise<void>;
  let apiLive: LiveEvents;
  let queues: QueueFactory;
  let evaluations: Queue<AlertEvaluationJob>;
  let escalations: Queue<EscalationJob>;
  let h: Harness;

  beforeAll(async () => {
    const prefix = uniquePrefix(`escalation-${store}`);
    const redis = store === 'redis';
    const live = () => (redis ? createRedisLiveEvents(REDIS_URL, { channel: prefix }) : createPostgresLiveEvents(db().pool, db().url));
    stop = await startTestAlerts(testAlertsConfig(db().url, { SMTP_URL: sink.url, ...(redis ? { REDIS_URL } : {}) }), { queuePrefix: prefix, live: live() });
    apiLive = live();
    h = apiHarness(db().pool, { clock: new ManualClock(Date.now()), buildApp: (deps) => createApp({ ...deps, live: apiLive }) });
    queues = createQueueFactory(redis ? { kind: 'redis', url: REDIS_URL } : { kind: 'postgres', url: db().url }, { prefix });
    evaluations = queues.queue<AlertEvaluationJob>(ALERT_EVALUATION_QUEUE);
    escalations = queues.queue<EscalationJob>(ESCALATION_QUEUE);
  });
  afterAll(async () => {
    await queues?.close();
    await stop?.();
    await apiLive?.close();
  });

  it('notifies tier 1 at once and tier 2 later when nobody acknowledges, and stops on acknowledgement', async () => {
    for (const patient of [ignored, acknowledged]) {
      const readings = [{ metric: 'glucose' as const, at: new Date(Date.now() - 60_000), value: 45 }];
      await enqueueEvaluation(evaluations, patient, await insertReadings(db().pool, patient, readings), readings);
    }
    const [open, acked] = await Promise.all([urgentAlertOf(ignored), urgentAlertOf(acknowledged)]);

    await waitFor(async () => ((await tierOf(acked.id)) === 1 ? true : undefined), 'tier 1 of the alert to acknowledge');
    const ack = await h.request(`/v1/patients/${acknowledged}/alerts/${acked.id}/acknowledge`, { method: 'POST', as: 'nurse.patel@demo.vitals' });
    expect(ack.status).toBe(200);
    expect(await ack.json()).toMatchObject({ state: 'acknowledged', escalationTier: 1 });

    await waitFor(async () => ((await tierOf(open.id)) === 2 ? true : undefined), 'tier 2 of the ignored alert', 15_000);
    await waitFor(async () => (mailsAbout(open.id).length === 1 + physicians.length ? true : undefined), 'the emails about the ignored alert');
    expect(mailsAbout(open.id).map((m) => m.to[0]).sort()).toEqual([...physicians, 'nurse.patel@demo.vitals'].sort());
    expect(mailsAbout(open.id).every((m) => /^Subject: Vitals: urgent alert escalated to you$/m.test(m.data))).toBe(true);

    // the acknowledged alert's tier 2 was due as long ago as the other's: it never came
    await new Promise((r) => setTimeout(r, 1000));
    expect(await tierOf(acked.id)).toBe(1);
    expect(mailsAbout(acked.id).map((m) => m.to[0])).toEqual(['nurse.patel@demo.vitals']);
    expect(await escalations.getJob(escalationJobId(acked.id, 2))).toBeUndefined();
    const history = await h.request(`/v1/patients/${ignored}/alerts/${open.id}`, { as: 'nurse.patel@demo.vitals' });
    expect(((await history.json()) as { history: { action: string; detail: { tier?: number } }[] }).history.filter((e) => e.action === 'escalated').map((e) => e.detail.tier)).toEqual([1, 2]);
  });
});
