/**
 * Whole-system load: ingest, api and alerts as separate processes, N virtual gateways × 3 devices
 * (CGM every 5 minutes, BP cuff, glucose meter) publishing real GATT-decoded readings over MQTT
 * QoS 1 in compressed time, and concurrent clinicians reading trend endpoints. Prints sustained
 * readings/s, publish→commit and reading→alert latency, API latency and memory per process.
 *
 *   npx tsx bench/system.ts [--gateways 200] [--seconds 20] [--speed 600] [--clinicians 8]
 */
import { parseArgs } from 'node:util';
import { frameToReadings } from '../gateway-agent/src/agent/frame-to-readings.ts';
import { framesBetween } from '../gateway-agent/src/simulator/simulated-home.ts';
import type { DecodeContext } from '../gateway-agent/src/gatt/types.ts';
import { seedDemo } from '../db/src/seed.ts';
import { clinicianHeaders, connectGateways, enrolLoadPatients, fmt, freshDatabase, machine, percentile, startServices } from './support.ts';

const { values: a } = parseArgs({ options: { gateways: { type: 'string', default: '200' }, seconds: { type: 'string', default: '20' }, speed: { type: 'string', default: '600' }, clinicians: { type: 'string', default: '8' }, redis: { type: 'string', default: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' } } });
const N = Number(a.gateways);
const SECONDS = Number(a.seconds);
const SPEED = Number(a.speed);
const CLINICIANS = Number(a.clinicians);
const TZ = 'America/New_York';

const db = await freshDatabase('vitals_bench_system');
await seedDemo(db.pool);
// one patient per gateway (a home), with the three devices
const gws = await enrolLoadPatients(db.pool, { tag: 'sys', patients: N, gateways: N, deviceType: ['cgm', 'bp_cuff', 'glucose_meter'], timeZone: TZ });
const services = await startServices(db.url, a.redis!, { ingest: { MQTT_RATE_LIMIT_PER_S: '1000' } });
const clients = await connectGateways(services.ports.mqtt, gws);
const homes = gws.map((g, i) => ({ id: g.id, patientId: g.patients[0]!.patientId, devices: g.patients[0]!.devices, client: clients[i]!, ctx: new Map<string, DecodeContext>() }));

// Compressed time: each real second covers SPEED simulated seconds, starting a day ago.
const simStart = Date.now() - 86_400_000;
const realStart = performance.now();
const simAt = (real: number) => simStart + (real - realStart) * SPEED;
const publishLatency: number[] = [];
let sent = 0;
let acked = 0;
const inflight = new Set<Promise<unknown>>();
const publisher = (async () => {
  let cursor = simStart;
  while (performance.now() - realStart < SECONDS * 1000) {
    const until = simAt(performance.now());
    for (const h of homes) {
      const readings = framesBetween(h.devices, { timeZone: TZ, seed: homes.indexOf(h) + 1 }, cursor, until).flatMap((f) => {
        const ctx = h.ctx.get(f.deviceKey) ?? {};
        const r = frameToReadings(f, ctx, { timeZone: TZ, skewMs: 0 });
        if (f.characteristic === '2AAA') h.ctx.set(f.deviceKey, { ...ctx, cgmSessionStartTime: (r.decoded.fields as { sessionStartTime: string }).sessionStartTime });
        return r.readings;
      });
      for (let i = 0; i < readings.length; i += 100) {
        const chunk = readings.slice(i, i + 100);
        const t0 = performance.now();
        sent += chunk.length;
        const p = h.client.publishAsync(`rpm/v1/gw/${h.id}/readings`, JSON.stringify({ v: 1, gatewayId: h.id, sentAt: new Date().toISOString(), readings: chunk }), { qos: 1 }).then(() => {
          publishLatency.push(performance.now() - t0);
          acked += chunk.length;
          inflight.delete(p);
        });
        inflight.add(p);
      }
    }
    cursor = until;
    while (inflight.size > N * 4) await Promise.race(inflight);
    await new Promise((r) => setTimeout(r, 200));
  }
  await Promise.all(inflight);
})();

// Concurrent clinicians reading trends and reports of random patients.
const apiLatency: Record<string, number[]> = { trend: [], glucoseReport: [] };
let apiErrors = 0;
const clinicians = Array.from({ length: CLINICIANS }, async () => {
  const headers = await clinicianHeaders(db.pool);
  while (performance.now() - realStart < SECONDS * 1000) {
    const h = homes[Math.floor(Math.random() * homes.length)]!;
    for (const [kind, path] of [
      ['trend', `/v1/patients/${h.patientId}/trends?metric=glucose&bucket=1h`],
      ['glucoseReport', `/v1/patients/${h.patientId}/reports/glucose`],
    ] as const) {
      const t0 = performance.now();
      const r = await fetch(`${services.apiUrl}${path}`, { headers });
      await r.arrayBuffer();
      if (r.ok) apiLatency[kind]!.push(performance.now() - t0);
      else apiErrors++;
    }
  }
});

await Promise.all([publisher, ...clinicians]);
const elapsed = (performance.now() - realStart) / 1000;
const memory = services.memory();

// wait for commits and alert jobs to settle, then measure reading→alert latency from the database
await new Promise((r) => setTimeout(r, 3000));
const { rows: alertRows } = await db.pool
  .query<{ ms: number }>(
    `SELECT extract(epoch FROM (a.created_at - r.received_at)) * 1000 AS ms
       FROM alerts a JOIN LATERAL (SELECT min(received_at) AS received_at FROM readings r
                                    WHERE r.patient_id = a.patient_id AND r.measured_at = a.first_at) r ON true
      WHERE r.received_at IS NOT NULL`,
  )
  .catch(() => ({ rows: [] as Array<{ ms: number }> }));
const alertLatency = alertRows.map((r) => Number(r.ms)).sort((x, y) => x - y);
const stored = (await db.pool.query('SELECT count(DISTINCT reading_id)::int AS n FROM readings')).rows[0].n;
publishLatency.sort((x, y) => x - y);
for (const v of Object.values(apiLatency)) v.sort((x, y) => x - y);

console.log(`machine: ${machine()}; ${new Date().toISOString().slice(0, 10)}`);
console.log(`${N} gateways × 3 devices, ${SECONDS} s at ${SPEED}× time (${fmt((elapsed * SPEED) / 3600)} simulated hours)`);
console.log(`readings: sent ${sent}, acknowledged ${acked}, stored ${stored} → sustained ${fmt(acked / elapsed, 0)} readings/s`);
console.log(`publish→commit (PUBACK after commit): p50 ${fmt(percentile(publishLatency, 50))} ms, p99 ${fmt(percentile(publishLatency, 99))} ms`);
console.log(`reading→alert: ${alertLatency.length} alerts, p50 ${fmt(percentile(alertLatency, 50))} ms, p99 ${fmt(percentile(alertLatency, 99))} ms`);
for (const [k, v] of Object.entries(apiLatency)) console.log(`API ${k} under ${CLINICIANS} concurrent clinicians: ${v.length} requests, p50 ${fmt(percentile(v, 50))} ms, p99 ${fmt(percentile(v, 99))} ms`);
console.log(`API errors: ${apiErrors}`);
for (const [k, m] of Object.entries(memory)) console.log(`memory ${k}: RSS ${fmt(m.rssMiB, 0)} MiB (peak ${fmt(m.peakMiB, 0)} MiB)`);

await Promise.all(clients.map((c) => c.endAsync()));
await services.stop();
await db.drop();
