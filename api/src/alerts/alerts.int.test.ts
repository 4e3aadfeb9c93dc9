import type { Queue } from 'bullmq';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../common/src/clock.ts';
import { listen, type Listening } from '../../../common/src/http-server.ts';
import { ALERT_EVALUATION_QUEUE, type AlertEvaluationJob } from '../../../common/src/jobs/alert-evaluation.ts';
import { createPostgresLiveEvents, type LiveEvents } from '../../../common/src/live-events.ts';
import { createQueueFactory, type QueueFactory } from '../../../common/src/queue.ts';
import { seedDemo } from '../../../db/src/seed.ts';
import { CLINIC, PATIENTS, USERS } from '../../../db/src/seed-data.ts';
import { enqueueEvaluation, insertReadings, startTestAlerts, testAlertsConfig, uniquePrefix, waitFor } from '../../../alerts/src/testing/fixtures.ts';
import { apiHarness, type Harness } from '../../../test/support/api-harness.ts';
import { useTestDb } from '../../../test/support/db-fixture.ts';
import { createApp } from '../app.ts';
import type { AppEnv } from '../http/env.ts';
import { alertStreamRoutes } from './stream.ts';

/**
 * End to end on the embedded shape (BullMQ and live events on PostgreSQL): readings in the
 * database, an evaluation job, the alert seen and handled through the API, and the SSE stream.
 */
const db = useTestDb({ poolMax: 10 });
const MARIA = PATIENTS[0].id;
const JAMES = PATIENTS[1].id;
const NURSE = 'nurse.patel@demo.vitals';
const OUTSIDER = 'dr.outside@demo.vitals';

let stop: () => Promise<void>;
let apiLive: LiveEvents;
let queues: QueueFactory;
let evaluations: Queue<AlertEvaluationJob>;
let h: Harness;
let server: Listening;

type AlertBody = { id: string; patientId: string; ruleId: string; severity: string; state: string; count: number; value: number; patient?: { name: string } };

async function raise(patientId: string, metric: 'glucose' | 'spo2', value: number, minutesAgo: number) {
  const readings = [{ metric, at: new Date(Date.now() - minutesAgo * 60_000), value }];
  await enqueueEvaluation(evaluations, patientId, await insertReadings(db().pool, patientId, readings), readings);
}

async function inbox(query = ''): Promise<AlertBody[]> {
  const res = await h.request(`/v1/alerts${query}`, { as: NURSE });
  expect(res.status).toBe(200);
  return ((await res.json()) as { alerts: AlertBody[] }).alerts;
}

beforeAll(async () => {
  await seedDemo(db().pool);
  const prefix = uniquePrefix('api-alerts');
  stop = await startTestAlerts(testAlertsConfig(db().url), { queuePrefix: prefix });
  apiLive = createPostgresLiveEvents(db().pool, db().url);
  h = apiHarness(db().pool, { clock: new ManualClock(Date.now()), buildApp: (deps) => createApp({ ...deps, live: apiLive }) });
  server = await listen(h.app.fetch, { port: 0 });
  queues = createQueueFactory({ kind: 'postgres', url: db().url }, { prefix });
  evaluations = queues.queue<AlertEvaluationJob>(ALERT_EVALUATION_QUEUE);
});
afterAll(async () => {
  await server?.close();
  await queues?.close();
  await apiLive?.close();
  await stop?.();
});

describe('alerts end to end', () => {
  it('raises an alert from a low glucose and shows it in the care team’s inbox, most severe first', async () => {
    await raise(MARIA, 'glucose', 61, 10);
    await raise(JAMES, 'spo2', 84, 10);
    const alerts = await waitFor(async () => {
      const a = await inbox();
      return a.length === 2 ? a : undefined;
    }, 'two alerts in the inbox');
    expect(alerts.map((a) => [a.patientId, a.ruleId, a.severity, a.patient?.name])).toEqual([
      [JAMES, 'spo2-low', 'urgent', 'James Wilson'],
      [MARIA, 'glucose-low', 'high', 'Maria Garcia'],
    ]);
    expect((await inbox('?severity=high')).map((a) => a.ruleId)).toEqual(['glucose-low']);
    // Dr. Haddad is in no care team: an empty inbox, not someone else's patients
    const outsider = await h.request('/v1/alerts', { as: OUTSIDER });
    expect(((await outsider.json()) as { alerts: unknown[] }).alerts).toEqual([]);
    const audit = await db().pool.query("SELECT count(*)::int AS n FROM audit_log WHERE action = 'alerts.inbox.read' AND patient_id = $1", [MARIA]);
    expect(audit.rows[0]?.n).toBeGreaterThan(0);
  });

  it('runs the lifecycle over HTTP, answering a refused step with 409 problem+json', async () => {
    const [urgent] = await inbox('?severity=urgent');
    const base = `/v1/patients/${JAMES}/alerts/${urgent!.id}`;
    const snoozeFirst = await h.request(`${base}/snooze`, { json: { minutes: 30 }, as: NURSE });
    expect(snoozeFirst.status).toBe(409);
    expect(snoozeFirst.headers.get('content-type')).toBe('application/problem+json');
    expect(await snoozeFirst.json()).toMatchObject({ type: expect.stringContaining('invalid-transition'), action: 'snooze', from: 'open', reason: 'an urgent alert must be acknowledged before it is snoozed' });
    expect((await h.request(`${base}/acknowledge`, { method: 'POST', as: NURSE })).status).toBe(200);
    expect((await h.request(`${base}/acknowledge`, { method: 'POST', as: NURSE })).status).toBe(409);
    expect(await (await h.request(`${base}/snooze`, { json: { minutes: 30 }, as: NURSE })).json()).toMatchObject({ state: 'snoozed' });
    expect((await h.request(`${base}/notes`, { json: { text: 'Called: sensor on cold fingers, repeat was 95%.' }, as: NURSE })).status).toBe(200);
    expect(await (await h.request(`${base}/resolve`, { method: 'POST', as: NURSE })).json()).toMatchObject({ state: 'resolved', resolved: { auto: false } });
    expect((await h.request(`${base}/resolve`, { method: 'POST', as: NURSE })).status).toBe(409);
    const detail = (await (await h.request(base, { as: NURSE })).json()) as { history: { action: string; note: string | null }[] };
    expect(detail.history.map((e) => e.action)).toEqual(['opened', 'escalated', 'acknowledged', 'snoozed', 'note', 'resolved']);
    expect(detail.history.find((e) => e.action === 'note')?.note).toBe('Called: sensor on cold fingers, repeat was 95%.');
    // patients cannot act on alerts; an unrelated clinician is refused by the guard
    expect((await h.request(`${base}/acknowledge`, { method: 'POST', as: 'james@demo.vitals' })).status).toBe(403);
    expect((await h.request(`${base}/notes`, { json: { text: 'x' }, as: OUTSIDER })).status).toBe(403);
  });

  it('shows patients their alerts only after they opt in', async () => {
    const before = await h.request(`/v1/patients/${MARIA}/alerts`, { as: 'maria@demo.vitals' });
    expect(await before.json()).toEqual({ optedIn: false, alerts: [] });
    const prefs = await h.request('/v1/alerts/preferences', { method: 'PUT', json: { channels: ['email'], minSeverity: 'high', ownAlerts: true }, as: 'maria@demo.vitals' });
    expect(prefs.status).toBe(200);
    const after = (await (await h.request(`/v1/patients/${MARIA}/alerts`, { as: 'maria@demo.vitals' })).json()) as { optedIn: boolean; alerts: AlertBody[] };
    expect(after.optedIn).toBe(true);
    expect(after.alerts.map((a) => [a.ruleId, a.value])).toEqual([['glucose-low', 61]]);
    expect((await h.request(`/v1/patients/${MARIA}/alerts`, { as: 'james@demo.vitals' })).status).toBe(403);
  });

  it('saves rule configuration with an audit entry, and refuses overrides that cannot apply', async () => {
    const bad = await h.request(`/v1/patients/${MARIA}/alert-rules`, { method: 'PUT', json: { overrides: { 'no-such-rule': { kind: 'threshold', enabled: false } } }, as: NURSE });
    expect(bad.status).toBe(400);
    const copd = { flags: ['copd'], overrides: { 'spo2-low': { kind: 'threshold', conditions: [{ metric: 'spo2', operator: 'lt', levels: [{ limit: 88, severity: 'high' }] }] } } };
    const ok = await h.request(`/v1/patients/${MARIA}/alert-rules`, { method: 'PUT', json: copd, as: NURSE });
    expect(ok.status).toBe(200);
    const saved = (await (await h.request(`/v1/patients/${MARIA}/alert-rules`, { as: NURSE })).json()) as { effective: { id: string; conditions?: { levels: { limit: number }[] }[] }[] };
    expect(saved.effective.find((r) => r.id === 'spo2-low')?.conditions?.[0]?.levels).toEqual([{ limit: 88, severity: 'high' }]);
    const audit = await db().pool.query("SELECT actor, action FROM audit_log WHERE action = 'alert-rules.update' AND patient_id = $1", [MARIA]);
    expect(audit.rows).toHaveLength(1);
    expect((await h.request('/v1/alert-rules', { method: 'PUT', json: { rules: [], escalation: { tiers: [{ tier: 1, afterMinutes: 0 }] } }, as: NURSE })).status).toBe(403);
  });

  it('streams alerts of the clinician’s care teams as server-sent events', async () => {
    const open = async (who: string) => {
      const res = await fetch(`${server.url}/v1/alerts/stream?maxSeconds=20`, { headers: await h.sessionHeaders(who) });
      expect(res.headers.get('content-type')).toContain('text/event-stream');
      return res.body!.pipeThrough(new TextDecoderStream()).getReader();
    };
    const nurse = await open(NURSE);
    const outsider = await open(OUTSIDER);
    let seen = '';
    while (!seen.includes('event: ready')) seen += (await nurse.read()).value ?? '';
    await outsider.read();
    await raise(JAMES, 'glucose', 50, 2);
    while (!/event: alert\n/.test(seen)) seen += (await nurse.read()).value ?? '';
    const data = JSON.parse(/data: (.*)\n/.exec(seen.slice(seen.indexOf('event: alert')))![1]!) as { patientId: string; severity: string; state: string };
    expect(data).toMatchObject({ patientId: JAMES, severity: 'urgent', state: 'open' });
    await nurse.cancel();
    const other = await Promise.race([outsider.read().then((r) => r.value ?? ''), new Promise<string>((r) => setTimeout(() => r('(nothing)'), 500))]);
    expect(other).not.toContain('event: alert');
    await outsider.cancel();
  });

  it('sends heartbeat comments while idle and ends the stream after maxSeconds', async () => {
    const nurse = USERS.find((u) => u.email === NURSE)!;
    const app = new Hono<AppEnv>();
    app.use('*', async (c, next) => {
      c.set('principal', { kind: 'user', userId: nurse.id, role: 'clinician', clinicId: CLINIC.id, patientId: null, via: 'session', scopes: 'all', mfa: true });
      c.set('requestId', 'heartbeat-test');
      await next();
    });
    app.route('/', alertStreamRoutes({ db: db().pool, clock: h.clock, live: null, heartbeatMs: 100 }));
    const started = Date.now();
    const text = await (await app.request('/v1/alerts/stream?maxSeconds=1')).text();
    expect(Date.now() - started).toBeLessThan(3000);
    expect(text.startsWith('event: ready\n')).toBe(true);
    expect(text.match(/^: heartbeat$/gm)?.length).toBeGreaterThanOrEqual(5);
  });

  it('documents the alert routes in the OpenAPI document', async () => {
    const doc = (await (await h.request('/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/alerts', '/v1/alerts/stream', '/v1/patients/{patientId}/alerts/{alertId}/acknowledge', '/v1/alert-rules', '/v1/admin/webhook-dead-letters']));
  });
});
