import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mqtt from 'mqtt';
import { useTestDb } from '../../test/support/db-fixture.ts';
import { spawnTs, type Child } from '../../test/support/child.ts';
import { freePort } from '../../test/support/ports.ts';
import { seedDemo } from '../../db/src/seed.ts';
import { DEVICES, GATEWAYS } from '../../db/src/seed-data.ts';
import { readingId } from '../../common/src/reading-id.ts';

const db = useTestDb({ poolMax: 2 });
const GW = GATEWAYS[0];
const gm = DEVICES.find((d) => d.gatewayId === GW.id && d.type === 'glucose_meter')!;
const TOTAL = 50_000;
const PER_BATCH = 100;
let port: number;
let child: Child | undefined;

const startChild = async () => {
  const c = spawnTs('ingest/src/main.ts', [], { DATABASE_URL: db().url, MQTT_PORT: String(port), MQTT_HOST: '127.0.0.1', HTTP_PORT: '0', LOG_LEVEL: 'warn' });
  await c.waitFor(/ingest ready/);
  return c;
};
const stored = async () => (await db().pool.query('SELECT count(*)::int AS n, count(DISTINCT reading_id)::int AS d FROM readings')).rows[0] as { n: number; d: number };

beforeAll(async () => {
  await seedDemo(db().pool);
  port = await freePort();
});
afterAll(async () => {
  await child?.kill('SIGKILL');
});

describe('ingest killed with SIGKILL under load', () => {
  it('stores all 50,000 in-flight readings exactly once after restart', { timeout: 180_000 }, async () => {
    child = await startChild();
    // clean: false + a fixed client id: MQTT.js keeps unacknowledged publishes and resends them.
    const pub = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, { username: GW.id, password: GW.token, clientId: 'crash-pub', clean: false, protocolVersion: 4, reconnectPeriod: 200 });
    pub.on('error', () => undefined);
    const acks: Array<Promise<unknown>> = [];
    const base = Date.UTC(2025, 5, 1);
    for (let b = 0; b < TOTAL / PER_BATCH; b++) {
      const readings = Array.from({ length: PER_BATCH }, (_, k) => {
        const seq = b * PER_BATCH + k;
        return { id: readingId(gm.key, '2A18', { sequence: seq }), deviceId: gm.key, characteristic: '2A18', sequence: seq, measuredAt: new Date(base + seq * 60_000).toISOString(), values: [{ metric: 'glucose', value: 70 + (seq % 150), unit: 'mg/dL' }] };
      });
      acks.push(pub.publishAsync(`rpm/v1/gw/${GW.id}/readings`, JSON.stringify({ v: 1, gatewayId: GW.id, sentAt: new Date().toISOString(), readings }), { qos: 1 }));
    }
    // kill once some, but not all, are committed
    for (let i = 0; i < 600; i++) {
      const { n } = await stored();
      if (n >= 5_000) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    const before = (await stored()).n;
    await child.kill('SIGKILL');
    expect(before).toBeLessThan(TOTAL);
    child = await startChild();
    await Promise.all(acks);
    await pub.endAsync();
    const after = await stored();
    expect(after).toEqual({ n: TOTAL, d: TOTAL });
  });
});
