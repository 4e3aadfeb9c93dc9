/**
 * Ingest benchmark: many simulated gateways publish over MQTT QoS 1 to ingest running as its own
 * process (embedded aedes), and, in the same run, the ceiling: the same rows inserted straight into
 * PostgreSQL with the same batch insert. Prints sustained readings/s and publish→PUBACK latency
 * (PUBACK is sent after commit, so this is publish→commit as the gateway sees it) at 2,000 readings/s.
 *
 *   npx tsx bench/ingest.ts [--gateways 50] [--seconds 10] [--batch 20]
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import mqtt, { type MqttClient } from 'mqtt';
import { readingId } from '../common/src/reading-id.ts';
import { tokenHash } from '../db/src/seed.ts';
import { commitSubmissions } from '../ingest/src/pipeline/reading-store.ts';
import { validateBatch } from '../ingest/src/pipeline/validate-batch.ts';
import { spawnTs } from '../test/support/child.ts';
import { freePort } from '../test/support/ports.ts';
import { fmt, freshDatabase, machine, percentile } from './support.ts';

const { values: args } = parseArgs({ options: { gateways: { type: 'string', default: '50' }, seconds: { type: 'string', default: '10' }, batch: { type: 'string', default: '20' }, redis: { type: 'string', default: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' } } });
const GATEWAYS = Number(args.gateways);
const SECONDS = Number(args.seconds);
const BATCH = Number(args.batch);

const db = await freshDatabase('vitals_bench_ingest');
const clinic = (await db.pool.query(`INSERT INTO clinics (name) VALUES ('bench') RETURNING id`)).rows[0].id as string;
const gws: Array<{ id: string; token: string; device: string }> = [];
for (let g = 0; g < GATEWAYS; g++) {
  const id = `gw-bench-${g}`;
  const token = `bench-token-${g}-${randomUUID()}`;
  const patient = (await db.pool.query(`INSERT INTO patients (clinic_id, mrn, given_name, family_name, birth_date) VALUES ($1, $2, 'Bench', 'Patient', '1970-01-01') RETURNING id`, [clinic, `B-${g}`])).rows[0].id;
  await db.pool.query(`INSERT INTO gateways (id, clinic_id, token_hash) VALUES ($1, $2, $3)`, [id, clinic, tokenHash(token)]);
  const dev = (await db.pool.query(`INSERT INTO devices (clinic_id, device_key, type, gateway_id) VALUES ($1, $2, 'cgm', $3) RETURNING id`, [clinic, `CGM-B${g}`, id])).rows[0].id;
  await db.pool.query(`INSERT INTO device_assignments (device_id, patient_id, valid) VALUES ($1, $2, tstzrange('2020-01-01', NULL))`, [dev, patient]);
  gws.push({ id, token, device: `CGM-B${g}` });
}

let seq = 0;
const base = Date.UTC(2025, 0, 1);
function batchFor(gw: { id: string; device: string }, n: number): Buffer {
  const readings = Array.from({ length: n }, () => {
    const s = seq++;
    return { id: readingId(gw.device, '2AA7', { sequence: s }), deviceId: gw.device, characteristic: '2AA7', sequence: s, measuredAt: new Date(base + s * 1000).toISOString(), values: [{ metric: 'glucose', value: 70 + (s % 150), unit: 'mg/dL' }] };
  });
  return Buffer.from(JSON.stringify({ v: 1, gatewayId: gw.id, sentAt: new Date().toISOString(), readings }));
}

// 1. Ceiling: the same validation and batch insert, straight into PostgreSQL, groups of 500 readings.
{
  const t0 = performance.now();
  let n = 0;
  while (performance.now() - t0 < SECONDS * 1000) {
    const subs = Array.from({ length: 500 / BATCH }, (_, i) => {
      const gw = gws[i % gws.length]!;
      const payload = batchFor(gw, BATCH);
      return { gatewayId: gw.id, topic: 't', payload, receivedAt: new Date(), verdict: validateBatch(payload, gw.id, { now: new Date(), maxFutureMs: 1e12 }) };
    });
    const r = await commitSubmissions(db.pool, subs);
    n += r.readingsStored;
  }
  const s = (performance.now() - t0) / 1000;
  console.log(`ceiling (direct batch insert, 500 readings/tx): ${fmt(n / s, 0)} readings/s`);
  (globalThis as { ceiling?: number }).ceiling = n / s;
}

const port = await freePort();
const ingest = spawnTs('ingest/src/main.ts', [], { DATABASE_URL: db.url, REDIS_URL: args.redis!, MQTT_PORT: String(port), MQTT_HOST: '127.0.0.1', HTTP_PORT: '0', LOG_LEVEL: 'warn', MQTT_RATE_LIMIT_PER_S: '1000' });
await ingest.waitFor(/ingest ready/);
const clients: MqttClient[] = await Promise.all(gws.map((g) => mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, { username: g.id, password: g.token, clientId: g.id, protocolVersion: 4 })));

// 2. Sustained throughput: each gateway keeps a window of 4 batches in flight.
{
  const WINDOW = 4;
  const t0 = performance.now();
  let acked = 0;
  await Promise.all(
    clients.map(async (c, i) => {
      const inflight = new Set<Promise<unknown>>();
      while (performance.now() - t0 < SECONDS * 1000) {
        const p = c.publishAsync(`rpm/v1/gw/${gws[i]!.id}/readings`, batchFor(gws[i]!, BATCH), { qos: 1 }).then(() => {
          acked += BATCH;
          inflight.delete(p);
        });
        inflight.add(p);
        if (inflight.size >= WINDOW) await Promise.race(inflight);
      }
      await Promise.all(inflight);
    }),
  );
  const s = (performance.now() - t0) / 1000;
  const ceiling = (globalThis as { ceiling?: number }).ceiling!;
  console.log(`end-to-end sustained (MQTT QoS 1 → commit → PUBACK, ${GATEWAYS} gateways, ${BATCH} readings/batch): ${fmt(acked / s, 0)} readings/s = ${fmt((100 * acked) / s / ceiling, 0)}% of ceiling`);
}

// 3. Latency at a fixed 2,000 readings/s, spread evenly over the gateways.
{
  const RATE = 2000;
  const perBatch = 10;
  const batchesPerS = RATE / perBatch;
  const latencies: number[] = [];
  const t0 = performance.now();
  const pending: Array<Promise<unknown>> = [];
  let k = 0;
  while (performance.now() - t0 < SECONDS * 1000) {
    const due = t0 + (k * 1000) / batchesPerS;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const i = k % clients.length;
    const start = performance.now();
    pending.push(clients[i]!.publishAsync(`rpm/v1/gw/${gws[i]!.id}/readings`, batchFor(gws[i]!, perBatch), { qos: 1 }).then(() => latencies.push(performance.now() - start)));
    k++;
  }
  await Promise.all(pending);
  const s = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  console.log(`at ${RATE} readings/s offered (${fmt((k * perBatch) / s, 0)} achieved): publish→commit p50 ${fmt(percentile(latencies, 50))} ms, p99 ${fmt(percentile(latencies, 99))} ms, max ${fmt(latencies.at(-1)!)} ms`);
}

const stored = (await db.pool.query('SELECT count(*)::int AS n, count(DISTINCT reading_id)::int AS d FROM readings')).rows[0];
console.log(`rows stored ${stored.n}, distinct reading ids ${stored.d} (${machine()})`);
await Promise.all(clients.map((c) => c.endAsync()));
await ingest.kill('SIGTERM');
await db.drop();
