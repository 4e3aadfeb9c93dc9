import { afterAll, describe, expect, it } from 'vitest';
import mqtt, { type MqttClient } from 'mqtt';
import { spawnTs, type Child } from '../support/child.ts';
import { useTestDb } from '../support/db-fixture.ts';
import { freePort } from '../support/ports.ts';
import { startRedisServer, type RedisServer } from '../support/redis-server.ts';
import { stopProcess } from '../support/stop-process.ts';
import { seedDemo } from '../../db/src/seed.ts';
import { DEVICES, GATEWAYS, PATIENTS } from '../../db/src/seed-data.ts';
import { readingId } from '../../common/src/reading-id.ts';

/*
 * Redis is killed and started again under a running ingest and alerts. Everything that talks to
 * that Redis lives in processes this file owns, so the restart disturbs no other test file and
 * teardown is deterministic:
 * - a redis-server of its own on a free port (never the shared 127.0.0.1:6379);
 * - ingest and alerts as child processes (their main.ts, as deployed), not in this test process:
 *   BullMQ's blocking connections that outlive a Redis restart can then not reject into the test
 *   runner after the file ends (they did in-process, which kept this test out of the default run);
 * - teardown stops each process (SIGTERM, SIGKILL after a bound) and waits for it to exit.
 */
const db = useTestDb();
const children: Child[] = [];
let redis: RedisServer | undefined;
let pub: MqttClient | undefined;
afterAll(async () => {
  pub?.end(true);
  await Promise.all(children.map((c) => stopProcess(c.proc, 10_000)));
  await redis?.stop();
}, 60_000);

const GW = GATEWAYS[0];
const meter = DEVICES.find((d) => d.gatewayId === GW.id && d.type === 'glucose_meter')!;
const maria = PATIENTS[0].id;

describe('Redis restarted', () => {
  it('alerts are still raised afterwards, and none twice', { timeout: 150_000 }, async () => {
    await seedDemo(db().pool);
    const port = await freePort();
    redis = await startRedisServer(port);
    const env = { DATABASE_URL: db().url, REDIS_URL: redis.url, HTTP_PORT: '0', LOG_LEVEL: 'warn' };
    const ingest = spawnTs('ingest/src/main.ts', [], { ...env, MQTT_PORT: '0', MQTT_HOST: '127.0.0.1' });
    const alerts = spawnTs('alerts/src/main.ts', [], env);
    children.push(ingest, alerts);
    const [ready] = await Promise.all([ingest.waitFor(/ingest ready mqtt=(\d+)/, 90_000), alerts.waitFor(/alerts ready/, 90_000)]);

    pub = await mqtt.connectAsync(`mqtt://127.0.0.1:${ready[1]}`, { username: GW.id, password: GW.token, clientId: 'redis-restart', clean: false, protocolVersion: 4, reconnectPeriod: 200, reconnectOnConnackError: true });
    pub.on('error', () => undefined);
    const low = (seq: number, minutesAgo: number) =>
      pub!.publishAsync(
        `rpm/v1/gw/${GW.id}/readings`,
        JSON.stringify({ v: 1, gatewayId: GW.id, sentAt: new Date().toISOString(), readings: [{ id: readingId(meter.key, '2A18', { sequence: seq }), deviceId: meter.key, characteristic: '2A18', sequence: seq, measuredAt: new Date(Date.now() - minutesAgo * 60_000).toISOString(), values: [{ metric: 'glucose', value: 48, unit: 'mg/dL' }] }] }),
        { qos: 1 },
      );
    const openLows = async () => (await db().pool.query(`SELECT count(*)::int AS n, max(count)::int AS c FROM alerts WHERE patient_id = $1 AND state <> 'resolved' AND severity = 'urgent'`, [maria])).rows[0] as { n: number; c: number | null };
    const waitFor = async (pred: (r: { n: number; c: number | null }) => boolean) => {
      for (let i = 0; i < 300; i++) {
        const r = await openLows();
        if (pred(r)) return r;
        await new Promise((res) => setTimeout(res, 100));
      }
      return openLows();
    };
    const logs = () => children.map((c) => c.output().slice(-1500)).join('\n---\n');

    await low(70001, 20);
    expect(await waitFor((r) => r.n === 1), logs()).toMatchObject({ n: 1 });

    await redis.stop(); // SIGKILL, and wait for it to exit
    await new Promise((r) => setTimeout(r, 500));
    redis = await startRedisServer(port);

    // a new low after the restart is still judged: it repeats the open alert, never opens a second
    await low(70002, 5);
    const after = await waitFor((r) => (r.c ?? 0) >= 2);
    expect(after.n, logs()).toBe(1);
    expect(after.c, logs()).toBeGreaterThanOrEqual(2);
  });
});
