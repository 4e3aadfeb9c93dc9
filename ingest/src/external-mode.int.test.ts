import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mqtt from 'mqtt';
import { useTestDb } from '../../test/support/db-fixture.ts';
import { MOSQUITTO_URL } from '../../test/support/services.ts';
import { seedDemo } from '../../db/src/seed.ts';
import { DEVICES, GATEWAYS } from '../../db/src/seed-data.ts';
import { silentLogger } from '../../common/src/logger.ts';
import { readingId } from '../../common/src/reading-id.ts';
import { loadIngestConfig } from './config.ts';
import { startIngest, type IngestHandle } from './main.ts';

const db = useTestDb();
const run = randomBytes(4).toString('hex');
// A prefix of our own on the shared Mosquitto, so parallel runs never see each other's messages.
const prefix = `t${run}/v1`;
const GW = GATEWAYS[0];
const gm = DEVICES.find((d) => d.gatewayId === GW.id && d.type === 'glucose_meter')!;
const instances: IngestHandle[] = [];

beforeAll(async () => {
  await seedDemo(db().pool);
  for (const i of [0, 1]) {
    const config = loadIngestConfig({
      DATABASE_URL: db().url,
      MQTT_URL: MOSQUITTO_URL,
      MQTT_TOPIC_PREFIX: prefix,
      MQTT_CLIENT_ID: `ingest-${run}-${i}`,
      MQTT_CONSUMERS: '2',
      HTTP_PORT: '0',
    });
    instances.push(await startIngest(config, { logger: silentLogger(), queuePrefix: `t${run}` }));
  }
});
afterAll(async () => {
  for (const inst of instances) for (const c of [...inst.closers].reverse()) await c.close();
});

describe('external broker mode (Mosquitto, shared subscription)', () => {
  it('two ingest instances split the messages and every reading is stored once', async () => {
    const pub = await mqtt.connectAsync(MOSQUITTO_URL, { protocolVersion: 4, clientId: `pub-${run}` });
    const batches = 200;
    const perBatch = 10;
    for (let b = 0; b < batches; b++) {
      const readings = Array.from({ length: perBatch }, (_, k) => {
        const seq = b * perBatch + k;
        return {
          id: readingId(gm.key, '2A18', { sequence: seq }),
          deviceId: gm.key,
          characteristic: '2A18',
          sequence: seq,
          measuredAt: new Date(Date.UTC(2026, 0, 1) + seq * 60_000).toISOString(),
          values: [{ metric: 'glucose', value: 80 + (seq % 100), unit: 'mg/dL' }],
        };
      });
      await pub.publishAsync(`${prefix}/gw/${GW.id}/readings`, JSON.stringify({ v: 1, gatewayId: GW.id, sentAt: new Date().toISOString(), readings }), { qos: 1 });
    }
    // one batch resent: it must not count twice
    await pub.publishAsync(
      `${prefix}/gw/${GW.id}/readings`,
      JSON.stringify({ v: 1, gatewayId: GW.id, sentAt: new Date().toISOString(), readings: [{ id: readingId(gm.key, '2A18', { sequence: 0 }), deviceId: gm.key, characteristic: '2A18', sequence: 0, measuredAt: new Date(Date.UTC(2026, 0, 1)).toISOString(), values: [{ metric: 'glucose', value: 80, unit: 'mg/dL' }] }] }),
      { qos: 1 },
    );
    await pub.endAsync();
    const expected = batches * perBatch;
    let n = 0;
    for (let i = 0; i < 200 && n < expected; i++) {
      await new Promise((r) => setTimeout(r, 50));
      n = (await db().pool.query('SELECT count(*)::int AS n FROM readings')).rows[0].n;
    }
    expect(n).toBe(expected);
    expect((await db().pool.query('SELECT count(DISTINCT reading_id)::int AS n FROM readings')).rows[0].n).toBe(expected);
    // both instances took a share of the work
    const stored = await Promise.all(
      instances.map(async (inst) => {
        const text = await (await fetch(`${inst.httpUrl}/metrics`)).text();
        return Number(/vitals_ingest_messages_total (\d+)/.exec(text)?.[1] ?? 0);
      }),
    );
    expect(stored[0]! + stored[1]!).toBe(batches + 1);
    expect(Math.min(...stored)).toBeGreaterThan(0);
  });
});
