import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import mqtt from 'mqtt';
import { useTestDb } from '../../test/support/db-fixture.ts';
import { seedDemo } from '../../db/src/seed.ts';
import { DEVICES, GATEWAYS } from '../../db/src/seed-data.ts';
import { silentLogger } from '../../common/src/logger.ts';
import { readingId } from '../../common/src/reading-id.ts';
import { loadIngestConfig } from './config.ts';
import { startIngest, type IngestHandle } from './main.ts';

const db = useTestDb();
const GW = GATEWAYS[0];
const gm = DEVICES.find((d) => d.gatewayId === GW.id && d.type === 'glucose_meter')!;
const MAX = 16 * 1024;
let ingest: IngestHandle;

beforeAll(async () => {
  await seedDemo(db().pool);
  const config = loadIngestConfig({ DATABASE_URL: db().url, MQTT_PORT: '0', MQTT_HOST: '127.0.0.1', HTTP_PORT: '0', MQTT_MAX_PAYLOAD_BYTES: String(MAX), MQTT_RATE_LIMIT_PER_S: '100000' });
  ingest = await startIngest(config, { logger: silentLogger(), queuePrefix: `t${randomBytes(4).toString('hex')}` });
});
afterAll(async () => {
  for (const c of [...ingest.closers].reverse()) await c.close();
});

/** Readings that are nearly right, with one field replaced by something hostile. */
const hostileValue = fc.oneof(
  fc.double(),
  fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER, 0, -1, 1e-320),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
);
const nearlyValidReading = fc.record({
  seq: fc.integer({ min: 0, max: 1_000_000 }),
  field: fc.constantFrom('value', 'unit', 'metric', 'measuredAt', 'deviceId', 'id', 'none', 'characteristic'),
  bad: hostileValue,
  value: fc.double({ min: 20, max: 600, noNaN: true }),
  device: fc.constantFrom(gm.key, 'UNKNOWN-1', 'ü𝓤ñí©ødé'),
});
const payloads = fc.oneof(
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)) },
  { weight: 2, arbitrary: fc.json({ maxDepth: 3 }).map((j) => Buffer.from(j)) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 100 }).map((s) => Buffer.from(s)) },
  { weight: 1, arbitrary: fc.integer({ min: MAX + 1, max: MAX * 4 }).map((n) => Buffer.alloc(n, 0x7b)) },
  {
    weight: 4,
    arbitrary: fc.array(nearlyValidReading, { minLength: 1, maxLength: 5 }).map((rs) =>
      Buffer.from(
        JSON.stringify({
          v: 1,
          gatewayId: GW.id,
          sentAt: new Date().toISOString(),
          readings: rs.map((r) => {
            const reading: Record<string, unknown> = {
              id: readingId(r.device, '2A18', { sequence: r.seq }),
              deviceId: r.device,
              characteristic: '2A18',
              sequence: r.seq,
              measuredAt: new Date(Date.UTC(2025, 6, 1) + r.seq * 1000).toISOString(),
              values: [{ metric: 'glucose', value: r.value, unit: 'mg/dL' }],
            };
            if (r.field === 'value' || r.field === 'unit' || r.field === 'metric') (reading.values as Array<Record<string, unknown>>)[0]![r.field] = r.bad;
            else if (r.field !== 'none') reading[r.field] = r.bad;
            return reading;
          }),
        }),
      ),
    ),
  },
);

describe('10,000 fuzzed payloads', () => {
  it('leave the broker up and are each stored, dead-lettered or refused', { timeout: 120_000 }, async () => {
    const messages = fc.sample(payloads, { numRuns: 10_000, seed: 20261125 });
    const c = await mqtt.connectAsync(`mqtt://127.0.0.1:${ingest.mqttPort}`, { username: GW.id, password: GW.token, protocolVersion: 4, clientId: 'fuzzer', reconnectPeriod: 0 });
    const results = await Promise.allSettled(messages.map((m) => c.publishAsync(`rpm/v1/gw/${GW.id}/readings`, m, { qos: 1 })));
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(0);
    expect(c.connected).toBe(true);
    await c.endAsync();

    const stored = new Set((await db().pool.query('SELECT DISTINCT reading_id::text AS id FROM readings')).rows.map((r) => r.id));
    const dead = (await db().pool.query('SELECT raw_payload, reason FROM dead_letters')).rows as Array<{ raw_payload: Buffer; reason: string }>;
    const deadWhole = new Set(dead.map((d) => d.raw_payload.toString('base64')));
    const deadReadingIds = new Set<string>();
    for (const d of dead) {
      try {
        for (const r of JSON.parse(d.raw_payload.toString()).readings ?? []) deadReadingIds.add(r.id);
      } catch {
        /* whole-message dead letter */
      }
    }
    let unaccounted = 0;
    for (const m of messages) {
      if (deadWhole.has(m.subarray(0, 64 * 1024).toString('base64'))) continue;
      let ids: string[] = [];
      try {
        ids = JSON.parse(m.toString()).readings.map((r: { id: string }) => r.id);
      } catch {
        unaccounted++;
        continue;
      }
      if (!ids.every((id) => stored.has(id) || deadReadingIds.has(id))) unaccounted++;
    }
    expect(unaccounted).toBe(0);
    expect((await fetch(`${ingest.httpUrl}/readyz`)).status).toBe(200);
  });
});
