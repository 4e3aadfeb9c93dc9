import { Writable } from 'node:stream';
import { pino } from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatTraceparent, newTraceContext } from '../../../common/src/trace-context.ts';
import { seedDemo } from '../../../db/src/seed.ts';
import { apiHarness, type Harness } from '../../../test/support/api-harness.ts';
import { useTestDb } from '../../../test/support/db-fixture.ts';
import { createApp } from '../app.ts';
import { createTestPatient, type TestPatient } from '../fhir/testing/fhir-fixtures.ts';
import { fhirSchemaValidator } from '../fhir/testing/fhir-validation.ts';
import { apiSecretHeaderValue } from './nightscout-secret.ts';

const db = useTestDb();
const logLines: Array<Record<string, unknown>> = [];
let h: Harness;
let rosa: TestPatient;
let secret: string;

const NOW = Date.parse('2026-06-01T12:00:00Z');
/** What xDrip+ posts: an array of sgv entries, local time in dateString, newest first. */
const xdripUpload = (count: number, endMinAgo = 5) =>
  Array.from({ length: count }, (_, i) => {
    const date = NOW - (endMinAgo + 5 * i) * 60_000;
    const local = new Date(date + 2 * 3_600_000).toISOString().slice(0, 23);
    return { device: 'xDrip-DexcomG6', date, dateString: `${local}+0200`, sgv: 150 - 4 * i, delta: 4, direction: 'FortyFiveUp', type: 'sgv', filtered: 150000, unfiltered: 150000, rssi: 100, noise: 1, sysTime: `${local}+0200` };
  });

const ns = (path: string, init: { method?: string; json?: unknown; headers?: Record<string, string>; as?: string } = {}) => h.request(path, init);
const withSecret = (s = secret) => ({ 'api-secret': apiSecretHeaderValue(s) });
const storedReadings = async () => (await db().pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM readings WHERE patient_id = $1`, [rosa.patientId])).rows[0]!.n;

beforeAll(async () => {
  await seedDemo(db().pool);
  // capture the API's log lines to check the trace id is logged
  const sink = new Writable({ write: (chunk, _enc, done) => (logLines.push(JSON.parse(String(chunk))), done()) });
  h = apiHarness(db().pool, { buildApp: (deps) => createApp({ ...deps, logger: pino({ level: 'info' }, sink) }) });
  rosa = await createTestPatient(db().pool, ['a1']);
  const res = await ns(`/v1/patients/${rosa.patientId}/nightscout-credentials`, { json: { label: 'xDrip+ on my phone' }, as: rosa.userId });
  expect(res.status).toBe(201);
  const body = await res.json();
  secret = body.secret;
  expect(body).toMatchObject({ access: 'readwrite', apiSecretSha1: apiSecretHeaderValue(secret), uploaderUrl: `http://${secret}@localhost:3000/api/v1/` });
});

describe('Nightscout uploads', () => {
  it('stores an xDrip+ upload in the readings, through the ingest validation and dedupe', async () => {
    const trace = newTraceContext();
    const res = await ns('/api/v1/entries', { json: xdripUpload(12), headers: { ...withSecret(), traceparent: formatTraceparent(trace) } });
    expect(res.status).toBe(200);
    const echoed = await res.json();
    expect(echoed).toHaveLength(12);
    expect(echoed[0]).toMatchObject({ type: 'sgv', sgv: 150, date: NOW - 5 * 60_000, direction: 'FortyFiveUp', device: 'xDrip-DexcomG6' });
    expect(await storedReadings()).toBe(12);
    const row = (await db().pool.query(`SELECT r.characteristic, r.gateway_id, r.device_time, r.unit, d.type, d.device_key FROM readings r JOIN devices d ON d.id = r.device_id WHERE r.patient_id = $1 ORDER BY r.measured_at DESC LIMIT 1`, [rosa.patientId])).rows[0];
    expect(row).toEqual({ characteristic: '2AA7', gateway_id: 'nightscout', device_time: '2026-06-01T13:55:00', unit: 'mg/dL', type: 'cgm', device_key: `ns-${rosa.patientId}` });
    // the trace id of the upload is logged with the commit
    expect(logLines.find((l) => l.msg === 'nightscout upload committed' && l.trace_id === trace.traceId)).toMatchObject({ patientId: rosa.patientId, stored: 12 });

    // uploaders resend after any network error: nothing is stored twice
    const again = await ns('/api/v1/entries', { json: [...xdripUpload(12), ...xdripUpload(12)], headers: withSecret() });
    expect(again.status).toBe(200);
    expect(await storedReadings()).toBe(12);
  });

  it('accepts a single entry as Loop sends it, ignores other entry types, dead-letters implausible values', async () => {
    const loop = { sgv: 131, date: NOW - 2 * 60_000, dateString: new Date(NOW - 2 * 60_000).toISOString(), type: 'sgv', device: 'loop://iPhone', direction: 'Flat' };
    expect((await (await ns('/api/v1/entries.json', { json: loop, headers: withSecret() })).json())[0]).toMatchObject({ sgv: 131, device: 'loop://iPhone' });
    // sgv 5 is implausible; 12 is plausible glucose but a Dexcom error code (bad RF) in Nightscout
    const mixed = [{ type: 'mbg', mbg: 140, date: NOW - 60_000 }, { type: 'sgv', sgv: 5, date: NOW - 90_000, device: 'xDrip-DexcomG6' }, { type: 'sgv', sgv: 12, date: NOW - 100_000 }];
    expect(await (await ns('/api/v1/entries', { json: mixed, headers: withSecret() })).json()).toEqual([]);
    const dead = await db().pool.query(`SELECT reason, gateway_id, detail->>'message' AS message FROM dead_letters WHERE gateway_id = 'nightscout' ORDER BY id`);
    expect(dead.rows.map((r) => r.reason)).toEqual(['implausible_value', 'implausible_value']);
    expect(dead.rows.map((r) => r.message).join(' ')).toContain('CGM error code');
    expect((await ns('/api/v1/entries', { json: [{ sgv: 'high' }], headers: withSecret() })).status).toBe(400);
  });
});

describe('Nightscout reads', () => {
  it('serves entries newest first, with count, find[date] and the current entry', async () => {
    const three = await (await ns('/api/v1/entries.json?count=3', { headers: withSecret() })).json();
    expect(three.map((e: { sgv: number }) => e.sgv)).toEqual([131, 150, 146]);
    expect(three[0]).toMatchObject({ type: 'sgv', date: NOW - 2 * 60_000, dateString: new Date(NOW - 2 * 60_000).toISOString(), direction: 'Flat' });
    expect(three[0]._id).toMatch(/^[0-9a-f]{24}$/);
    const since = await (await ns(`/api/v1/entries/sgv.json?count=100&find[date][$gte]=${NOW - 20 * 60_000}`, { headers: withSecret() })).json();
    expect(since).toHaveLength(5);
    const current = await (await ns(`/api/v1/entries/current.json?token=${secret}`)).json();
    expect(current).toHaveLength(1);
    expect(current[0].sgv).toBe(131);
    const byId = await (await ns(`/api/v1/entries/${three[1]._id}`, { headers: withSecret() })).json();
    expect(byId.map((e: { sgv: number }) => e.sgv)).toEqual([150]);
  });

  it('reports status with the patient thresholds and verifies credentials', async () => {
    const status = await (await ns('/api/v1/status.json', { headers: withSecret() })).json();
    expect(status).toMatchObject({ status: 'ok', apiEnabled: true, settings: { units: 'mg/dl', thresholds: { bgHigh: 250, bgTargetTop: 180, bgTargetBottom: 70, bgLow: 54 } } });
    expect((await (await ns('/api/v1/verifyauth', { headers: withSecret() })).json()).message).toMatchObject({ message: 'OK', canRead: true, canWrite: true });
    expect((await (await ns('/api/v1/verifyauth', { headers: withSecret('wrong') })).json()).message).toMatchObject({ message: 'UNAUTHORIZED', canRead: false });
  });

  it('lets the patient read their own feed signed in, and nobody else', async () => {
    expect((await ns('/api/v1/entries', { as: rosa.userId })).status).toBe(200);
    expect((await ns('/api/v1/entries', { as: 'nurse.patel@demo.vitals' })).status).toBe(403);
    expect((await ns('/api/v1/entries')).status).toBe(401);
    expect((await ns('/api/v1/entries', { headers: withSecret('vtns_not-a-real-secret') })).status).toBe(401);
  });
});

describe('Nightscout credentials', () => {
  it('a read-only credential reads but cannot upload; a revoked one stops working', async () => {
    const res = await ns(`/v1/patients/${rosa.patientId}/nightscout-credentials`, { json: { label: 'Follower', access: 'read' }, as: rosa.userId });
    const follower = (await res.json()).secret;
    expect((await ns('/api/v1/entries', { headers: withSecret(follower) })).status).toBe(200);
    expect((await ns('/api/v1/entries', { json: xdripUpload(1), headers: withSecret(follower) })).status).toBe(403);
    const list = await (await ns(`/v1/patients/${rosa.patientId}/nightscout-credentials`, { as: rosa.userId })).json();
    expect(list.credentials.map((c: { label: string }) => c.label).sort()).toEqual(['Follower', 'xDrip+ on my phone']);
    expect(JSON.stringify(list)).not.toContain(secret);
    const id = list.credentials.find((c: { label: string }) => c.label === 'Follower').id;
    expect((await ns(`/v1/patients/${rosa.patientId}/nightscout-credentials/${id}`, { method: 'DELETE', as: rosa.userId })).status).toBe(204);
    expect((await ns('/api/v1/entries', { headers: withSecret(follower) })).status).toBe(401);
  });

  it('acts as the user who issued it: a proxy loses the credential with the grant', async () => {
    const proxyId = '00000000-0000-4000-8000-0000000ff001';
    await db().pool.query(`INSERT INTO users (id, email, display_name, role) VALUES ($1, 'carer@test.vitals', 'Carer', 'proxy')`, [proxyId]);
    const grant = await db().pool.query<{ id: string }>(`INSERT INTO proxy_grants (proxy_user_id, patient_id, relationship, scopes) VALUES ($1, $2, 'caregiver', '{readings}') RETURNING id`, [proxyId, rosa.patientId]);
    const res = await ns(`/v1/patients/${rosa.patientId}/nightscout-credentials`, { json: { label: 'Carer follower', access: 'read' }, as: proxyId });
    expect(res.status).toBe(201);
    const carer = (await res.json()).secret;
    expect((await ns('/api/v1/entries', { headers: withSecret(carer) })).status).toBe(200);
    await db().pool.query('UPDATE proxy_grants SET revoked_at = now() WHERE id = $1', [grant.rows[0]!.id]);
    expect((await ns('/api/v1/entries', { headers: withSecret(carer) })).status).toBe(403);
    const audit = await db().pool.query(`SELECT actor, action FROM audit_log WHERE patient_id = $1 AND resource LIKE 'nightscout/%' ORDER BY seq DESC LIMIT 1`, [rosa.patientId]);
    expect(audit.rows[0]).toEqual({ actor: `user:${proxyId}`, action: 'nightscout.entries.read.denied' });
  });

  it('is issued only from a browser session, and only by someone who may read the readings', async () => {
    expect((await ns(`/v1/patients/${rosa.patientId}/nightscout-credentials`, { json: { label: 'x' }, headers: withSecret() })).status).toBe(401);
    expect((await ns(`/v1/patients/${rosa.patientId}/nightscout-credentials`, { json: { label: 'x' }, as: 'james@demo.vitals' })).status).toBe(403);
    expect((await ns(`/v1/patients/${rosa.patientId}/nightscout-credentials`, { json: { label: 'x' }, as: 'nurse.patel@demo.vitals' })).status).toBe(201);
  });
});

describe('Nightscout uploads elsewhere in the platform', () => {
  it('show up in the readings, the glucose report and the FHIR Observations', async () => {
    const readings = await (await ns(`/v1/patients/${rosa.patientId}/readings?metric=glucose&from=2026-06-01T00:00:00Z&to=2026-06-01T12:00:00Z`, { as: rosa.userId })).json();
    expect(readings.items).toHaveLength(13);
    expect(readings.items.at(-1)).toMatchObject({ value: 131, characteristic: '2AA7', context: { source: 'nightscout', uploader: 'loop://iPhone' } });
    const report = await (await ns(`/v1/patients/${rosa.patientId}/reports/glucose?from=2026-06-01T00:00:00Z&to=2026-06-01T12:00:00Z`, { as: rosa.userId })).json();
    expect(report.count).toBe(13);
    const validate = fhirSchemaValidator();
    const bundle = await (await ns('/fhir/R4/Observation?code=http://loinc.org|99504-3', { as: rosa.userId })).json();
    expect(validate(bundle)).toEqual([]);
    expect(bundle.total).toBe(13);
    const obs = bundle.entry[0].resource;
    expect(obs).toMatchObject({ code: { coding: [{ code: '99504-3' }] }, valueQuantity: { value: 131, code: 'mg/dL' }, extension: expect.arrayContaining([expect.objectContaining({ valueReference: expect.objectContaining({ identifier: expect.objectContaining({ value: 'nightscout' }) }) })]) });
    const device = await (await ns(`/fhir/R4/${obs.device.reference}`, { as: rosa.userId })).json();
    expect(device).toMatchObject({ resourceType: 'Device', type: { coding: [{ code: '528409' }] }, identifier: [{ value: `ns-${rosa.patientId}` }] });
  });
});
