import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import mqtt from 'mqtt';
import { useTestDb } from '../support/db-fixture.ts';
import { freePort } from '../support/ports.ts';
import { seedDemo } from '../../db/src/seed.ts';
import { DEVICES, GATEWAYS, PATIENTS } from '../../db/src/seed-data.ts';
import { silentLogger } from '../../common/src/logger.ts';
import { readingId } from '../../common/src/reading-id.ts';
import type { Closer } from '../../common/src/lifecycle.ts';
import { loadIngestConfig } from '../../ingest/src/config.ts';
import { startIngest } from '../../ingest/src/main.ts';
import { loadAlertsConfig } from '../../alerts/src/config.ts';
import { startAlerts } from '../../alerts/src/main.ts';

const db = useTestDb();
const closers: Closer[] = [];
let redis: ChildProcess | undefined;
afterAll(async () => {
  // BullMQ's blocking connections may wait out their own timeouts after a Redis restart: bound each close
  for (const c of closers.reverse()) await Promise.race([Promise.resolve(c.close()).catch(() => undefined), new Promise((r) => setTimeout(r, 5000))]);
  redis?.kill('SIGKILL');
}, 60_000);

/** A Redis of its own on a free port, so restarting it disturbs no other test file. */
async function startRedis(port: number): Promise<ChildProcess> {
  const p = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  for (let i = 0; i < 50; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => (s.end(), resolve(true)));
      s.on('error', () => resolve(false));
    });
    if (up) return p;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('redis did not start');
}

const GW = GATEWAYS[0];
const meter = DEVICES.find((d) => d.gatewayId === GW.id && d.type === 'glucose_meter')!;
const maria = PATIENTS[0].id;

// Runs in `npm run test:reliability` (VITALS_RELIABILITY=1). In the parallel CI suite BullMQ's
// connections sometimes outlive the restart and reject after the file ends: until that teardown
// is made deterministic the test stays out of the default run.
describe.skipIf(!process.env.VITALS_RELIABILITY)('Redis restarted', () => {
  it('alerts are still raised afterwards, and none twice', { timeout: 120_000 }, async () => {
    await seedDemo(db().pool);
    const port = await freePort();
    redis = await startRedis(port);
    const REDIS_URL = `redis://127.0.0.1:${port}`;
    const ingest = await startIngest(loadIngestConfig({ DATABASE_URL: db().url, REDIS_URL, MQTT_PORT: '0', MQTT_HOST: '127.0.0.1', HTTP_PORT: '0' }), { logger: silentLogger() });
    closers.push(...ingest.closers);
    const alerts = await startAlerts(loadAlertsConfig({ DATABASE_URL: db().url, REDIS_URL, HTTP_PORT: '0' }), { logger: silentLogger() });
    closers.push(...alerts.closers);
    const pub = await mqtt.connectAsync(`mqtt://127.0.0.1:${ingest.mqttPort}`, { username: GW.id, password: GW.token, clientId: 'redis-restart', clean: false, protocolVersion: 4, reconnectPeriod: 200, reconnectOnConnackError: true });
    pub.on('error', () => undefined);
    const low = (seq: number, minutesAgo: number) =>
      pub.publishAsync(
        `rpm/v1/gw/${GW.id}/readings`,
        JSON.stringify({ v: 1, gatewayId: GW.id, sentAt: new Date().toISOString(), readings: [{ id: readingId(meter.key, '2A18', { sequence: seq }), deviceId: meter.key, characteristic: '2A18', sequence: seq, measuredAt: new Date(Date.now() - minutesAgo * 60_000).toISOString(), values: [{ metric: 'glucose', value: 48, unit: 'mg/dL' }] }] }),
        { qos: 1 },
      );
    const openLows = async () => (await db().pool.query(`SELECT count(*)::int AS n, max(count)::int AS c FROM alerts WHERE patient_id = $1 AND state <> 'resolved' AND severity = 'urgent'`, [maria])).rows[0] as { n: number; c: number | null };
    const waitFor = async (pred: (r: { n: number; c: number | null }) => boolean) => {
      for (let i = 0; i < 150; i++) {
        const r = await openLows();
        if (pred(r)) return r;
        await new Promise((res) => setTimeout(res, 100));
      }
      return openLows();
    };

    await low(70001, 20);
    expect(await waitFor((r) => r.n === 1)).toMatchObject({ n: 1 });

    redis.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 500));
    redis = await startRedis(port);

    // a new low after the restart is still judged: it repeats the open alert, never opens a second
    await low(70002, 5);
    const after = await waitFor((r) => (r.c ?? 0) >= 2);
    expect(after.n).toBe(1);
    expect(after.c).toBeGreaterThanOrEqual(2);
    await pub.endAsync();
  });
});
