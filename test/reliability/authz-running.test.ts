/**
 * Access rules of the running system: the API, ingest and alerts deployables started as their own
 * processes (`<service>/src/main.ts`, as in production) on a test database, reached only over the
 * network.
 *
 * - API: the whole authorization matrix (test/support/authz-matrix-runner.ts, the same entries
 *   and expectations as the in-process test/authz-matrix.int.test.ts) over real HTTP with session
 *   cookies and CSRF headers, plus bearer API tokens and the /metrics loopback rule.
 * - ingest: the broker ACL (no publishing or subscribing outside one's own gateway prefix, no
 *   wildcards, a gateway revoked through the running API is cut off and refused).
 * - ingest and alerts ops ports: /healthz, /readyz and /metrics have no access rule (they are
 *   for the private network's probes and Prometheus), and nothing else is served there.
 *
 * No REDIS_URL: queues and live events use the test database, so the three processes share
 * nothing with other test files.
 */
import { afterAll, describe, expect, it } from 'vitest';
import mqtt from 'mqtt';
import { systemClock } from '../../common/src/clock.ts';
import { readingId } from '../../common/src/reading-id.ts';
import { DEVICES, GATEWAYS, PATIENTS, USERS } from '../../db/src/seed-data.ts';
import { TEST_SESSION_SECRET } from '../support/api-harness.ts';
import { runAuthzMatrix, sessionHeaders, type MatrixTarget } from '../support/authz-matrix-runner.ts';
import { spawnTs, type Child } from '../support/child.ts';
import { useTestDb } from '../support/db-fixture.ts';
import { freePort } from '../support/ports.ts';
import { stopProcess } from '../support/stop-process.ts';

const db = useTestDb();
const children: Child[] = [];
afterAll(async () => {
  await Promise.all(children.map((c) => stopProcess(c.proc)));
}, 30_000);

/**
 * The matrix requests come through a reverse proxy on the same host (TRUST_PROXY_HOPS=1), as in a
 * deployment: a direct loopback caller may read /metrics without signing in, which the matrix's
 * /metrics entry (administrators only) is not about. The loopback rule is tested on its own below.
 */
const CLIENT_ADDRESS = '203.0.113.10';

function start(entry: string, env: Record<string, string>): Child {
  const child = spawnTs(entry, [], { DATABASE_URL: db().url, LOG_LEVEL: 'warn', ...env });
  children.push(child);
  return child;
}

/** Poll until the URL answers 200; fails at once if the process exits. */
async function untilReady(child: Child, url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.proc.exitCode !== null) throw new Error(`process exited (${child.proc.exitCode}):\n${child.output().slice(-3000)}`);
    const status = await fetch(url).then(
      (r) => (void r.body?.cancel(), r.status),
      () => 0,
    );
    if (status === 200) return;
    if (Date.now() > deadline) throw new Error(`${url} not ready; output:\n${child.output().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

let apiUrl = '';
let ingestMqtt = '';
let ingestHttp = '';
let alertsHttp = '';

/** Start all three deployables at once (startup is mostly tsx transpiling); resolves with the API as a matrix target. */
async function startSystem(): Promise<MatrixTarget> {
  const port = await freePort();
  apiUrl = `http://127.0.0.1:${port}`;
  const api = start('api/src/main.ts', { HTTP_PORT: String(port), HTTP_HOST: '127.0.0.1', SESSION_SECRET: TEST_SESSION_SECRET, TRUST_PROXY_HOPS: '1' });
  const ingest = start('ingest/src/main.ts', { MQTT_PORT: '0', MQTT_HOST: '127.0.0.1', HTTP_PORT: '0' });
  const alerts = start('alerts/src/main.ts', { HTTP_PORT: '0' });
  const [, ingestReady, alertsReady] = await Promise.all([untilReady(api, `${apiUrl}/readyz`, 90_000), ingest.waitFor(/ingest ready mqtt=(\d+) http=(\S+)/, 90_000), alerts.waitFor(/alerts ready http=(\S+)/, 90_000)]);
  ingestMqtt = `mqtt://127.0.0.1:${ingestReady[1]}`;
  ingestHttp = ingestReady[2]!.replace('0.0.0.0', '127.0.0.1');
  alertsHttp = alertsReady[1]!.replace('0.0.0.0', '127.0.0.1');
  return {
    send: (path, init) => fetch(apiUrl + path, { ...init, headers: { ...(init.headers as Record<string, string>), 'x-forwarded-for': CLIENT_ADDRESS }, redirect: 'manual' }),
    clock: systemClock,
    sessionSecret: TEST_SESSION_SECRET,
  };
}

let target: MatrixTarget;
const MARIA = PATIENTS[0]!.id;
const JAMES = PATIENTS[1]!.id;
const userId = (email: string) => USERS.find((u) => u.email === email)!.id;

describe('the running system', () => {
  // the matrix's beforeAll seeds the database, then starts the processes
  runAuthzMatrix(
    () => db().pool,
    systemClock,
    async () => (target = await startSystem()),
    150_000,
  );

  describe('API credentials over HTTP', () => {
    const send = (path: string, init: RequestInit = {}) => target.send(path, init);

    it('a session needs its CSRF header for writes; a bearer token needs none and is held to its scopes', async () => {
      const maria = await sessionHeaders(db().pool, target, userId('maria@demo.vitals'));
      const ct = 'application/json';
      const body = JSON.stringify({ name: 'running', scopes: ['readings:read'], expiresInDays: 1 });
      const cookieOnly = { cookie: maria.cookie!, 'content-type': ct };
      expect((await send('/v1/auth/tokens', { method: 'POST', headers: cookieOnly, body })).status).toBe(403);
      const created = await send('/v1/auth/tokens', { method: 'POST', headers: { ...maria, 'content-type': ct }, body });
      expect(created.status).toBe(201);
      const { id, token } = (await created.json()) as { id: string; token: string };
      const bearer = { authorization: `Bearer ${token}` };

      expect((await send(`/v1/patients/${MARIA}/readings?metric=glucose&limit=1`, { headers: bearer })).status).toBe(200);
      expect([403, 404]).toContain((await send(`/v1/patients/${JAMES}/readings?metric=glucose&limit=1`, { headers: bearer })).status);
      // a token cannot mint tokens (a leaked one could make itself permanent), and is not an administrator
      expect((await send('/v1/auth/tokens', { method: 'POST', headers: { ...bearer, 'content-type': ct }, body })).status).toBe(403);
      expect((await send('/metrics', { headers: bearer })).status).toBe(403);
      expect((await send(`/v1/patients/${MARIA}/readings?metric=glucose&limit=1`, { headers: { authorization: `Bearer vt_${'x'.repeat(40)}` } })).status).toBe(401);

      expect((await send(`/v1/auth/tokens/${id}`, { method: 'DELETE', headers: maria })).status).toBe(204);
      expect((await send(`/v1/patients/${MARIA}/readings?metric=glucose&limit=1`, { headers: bearer })).status).toBe(401);
    });

    it('/metrics is served to a direct loopback scraper without credentials, not through the proxy', async () => {
      const direct = await fetch(`${apiUrl}/metrics`);
      expect(direct.status).toBe(200);
      expect(await direct.text()).toContain('vitals_api_http_requests_total');
      expect((await send('/metrics')).status).toBe(401);
      const admin = await sessionHeaders(db().pool, target, userId('admin@demo.vitals'));
      expect((await send('/metrics', { headers: admin })).status).toBe(200);
    });
  });

  describe('ingest broker ACL', () => {
    const [own, other, revoked] = GATEWAYS;
    const connect = (gw: (typeof GATEWAYS)[number], clientId: string) => mqtt.connectAsync(ingestMqtt, { username: gw.id, password: gw.token, clientId, protocolVersion: 4, reconnectPeriod: 0 });

    it('drops a gateway publishing on another gateway’s topic, and stores nothing from it', async () => {
      const scale = DEVICES.find((d) => d.gatewayId === other.id && d.type === 'scale')!;
      const id = readingId(scale.key, '2A9D', { sequence: 1 });
      const c = await connect(own, 'acl-publish');
      c.on('error', () => undefined);
      const closed = new Promise<void>((resolve) => c.once('close', () => resolve()));
      const reading = { id, deviceId: scale.key, characteristic: '2A9D', sequence: 1, measuredAt: new Date().toISOString(), values: [{ metric: 'body_weight', value: 80, unit: 'kg' }] };
      void c.publishAsync(`rpm/v1/gw/${other.id}/readings`, JSON.stringify({ v: 1, gatewayId: other.id, sentAt: new Date().toISOString(), readings: [reading] }), { qos: 1 }).catch(() => undefined);
      await closed;
      c.end(true);
      expect((await db().pool.query('SELECT count(*)::int AS n FROM readings WHERE reading_id = $1', [id])).rows[0].n).toBe(0);
    });

    it('refuses wildcard and foreign subscriptions, grants the gateway’s own cmd topic', async () => {
      const c = await connect(own, 'acl-subscribe');
      try {
        expect((await c.subscribeAsync(`rpm/v1/gw/${own.id}/cmd`, { qos: 1 })).map((g) => g.qos)).toEqual([1]);
        for (const topic of ['rpm/v1/#', 'rpm/v1/gw/+/readings', '#', `rpm/v1/gw/${other.id}/cmd`]) await expect(c.subscribeAsync(topic, { qos: 1 }), topic).rejects.toThrow(/Subscribe error/);
        expect(c.connected).toBe(true);
      } finally {
        await c.endAsync();
      }
    });

    it('cuts off a gateway revoked through the API, and refuses its token afterwards', async () => {
      const c = await connect(revoked, 'acl-revoked');
      c.on('error', () => undefined);
      const closed = new Promise<void>((resolve) => c.once('close', () => resolve()));
      const admin = await sessionHeaders(db().pool, target, userId('admin@demo.vitals'));
      expect((await target.send(`/v1/gateways/${revoked.id}/revoke`, { method: 'POST', headers: admin })).status).toBe(204);
      await closed;
      c.end(true);
      const again = await connect(revoked, 'acl-revoked-2').then(
        (c2) => (c2.end(true), 'connected'),
        (err: Error) => err.message,
      );
      expect(again).toMatch(/not authorized/i);
    });
  });

  describe('ingest and alerts ops ports', () => {
    it.each([
      ['ingest', () => ingestHttp, 'vitals_ingest_'],
      ['alerts', () => alertsHttp, 'vitals_alerts_'],
    ] as const)('%s answers health and metrics without credentials, and serves nothing else', async (_name, url, metricPrefix) => {
      expect((await fetch(`${url()}/healthz`)).status).toBe(200);
      expect((await fetch(`${url()}/readyz`)).status).toBe(200);
      expect(await (await fetch(`${url()}/metrics`)).text()).toContain(metricPrefix);
      for (const path of [`/v1/patients/${MARIA}/readings`, '/v1/auth/tokens', '/openapi.json']) expect((await fetch(`${url()}${path}`)).status, path).toBe(404);
    });
  });
});

