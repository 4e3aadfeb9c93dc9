/**
 * Whole-system load: ingest, api and alerts as separate processes, N virtual gateways × 3 devices
 * (CGM every 5 minutes, BP cuff, glucose meter) publishing real GATT-decoded readings over MQTT
 * QoS 1 in compressed time, and concurrent clinicians reading trend endpoints. Prints sustained
 * readings/s, publish→commit and reading→alert latency, API latency and memory per process.
 *
 *   npx tsx bench/system.ts [--gateways 200] [--seconds 20] [--speed 600] [--clinicians 8]
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import mqtt, { type MqttClient } from 'mqtt';
import { createSession } from '../api/src/auth/sessions.ts';
import { SESSION_COOKIE } from '../api/src/auth/authenticate.ts';
import { ManualClock } from '../common/src/clock.ts';
import { frameToReadings } from '../gateway-agent/src/agent/frame-to-readings.ts';
import { framesBetween } from '../gateway-agent/src/simulator/simulated-home.ts';
import type { DecodeContext } from '../gateway-agent/src/gatt/types.ts';
import { tokenHash, seedDemo } from '../db/src/seed.ts';
import { CARE_TEAMS, CLINIC } from '../db/src/seed-data.ts';
import { spawnTs, type Child } from '../test/support/child.ts';
import { freePort } from '../test/support/ports.ts';
import { fmt, freshDatabase, machine, percentile } from './support.ts';

const { values: a } = parseArgs({ options: { gateways: { type: 'string', default: '200' }, seconds: { type: 'string', default: '20' }, speed: { type: 'string', default: '600' }, clinicians: { type: 'string', default: '8' }, redis: { type: 'string', default: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' } } });
const N = Number(a.gateways);
const SECONDS = Number(a.seconds);
const SPEED = Number(a.speed);
const CLINICIANS = Number(a.clinicians);
const TZ = 'America/New_York';

const db = await freshDatabase('vitals_bench_system');
await seedDemo(db.pool);
type Home = { id: string; token: string; patientId: string; devices: Array<{ key: string; type: string }>; client?: MqttClient; ctx: Map<string, DecodeContext> };
const homes: Home[] = [];
for (let g = 0; g < N; g++) {
  const id = `gw-sys-${g}`;
  const token = `sys-token-${g}-0123456789abcdef`;
  const patientId = (await db.pool.query(`INSERT INTO patients (clinic_id, mrn, given_name, family_name, birth_date, timezone) VALUES ($1, $2, 'Load', 'Patient', '1960-01-01', $3) RETURNING id`, [CLINIC.id, `SYS-${g}`, TZ])).rows[0].id as string;
  await db.pool.query(`INSERT INTO care_team_patients (care_team_id, patient_id) VALUES ($1, $2)`, [CARE_TEAMS[0].id, patientId]);
  await db.pool.query(`INSERT INTO gateways (id, clinic_id, token_hash) VALUES ($1, $2, $3)`, [id, CLINIC.id, tokenHash(token)]);
  const devices = [
    { key: `SYS-CGM-${g}`, type: 'cgm' },
    { key: `SYS-BP-${g}`, type: 'bp_cuff' },
    { key: `SYS-GM-${g}`, type: 'glucose_meter' },
  ];
  for (const d of devices) {
    const dev = (await db.pool.query(`INSERT INTO devices (clinic_id, device_key, type, gateway_id) VALUES ($1, $2, $3, $4) RETURNING id`, [CLINIC.id, d.key, d.type, id])).rows[0].id;
    await db.pool.query(`INSERT INTO device_assignments (device_id, patient_id, valid) VALUES ($1, $2, tstzrange('2020-01-01', NULL))`, [dev, patientId]);
  }
  homes.push({ id, token, patientId, devices, ctx: new Map() });
}

const ports = { mqtt: await freePort(), ingest: await freePort(), api: await freePort(), alerts: await freePort() };
const common = { DATABASE_URL: db.url, REDIS_URL: a.redis!, LOG_LEVEL: 'warn' };
const procs: Record<string, Child> = {};
procs.ingest = spawnTs('ingest/src/main.ts', [], { ...common, MQTT_PORT: String(ports.mqtt), MQTT_HOST: '127.0.0.1', HTTP_PORT: String(ports.ingest), MQTT_RATE_LIMIT_PER_S: '1000' });
procs.api = spawnTs('api/src/main.ts', [], { ...common, HTTP_PORT: String(ports.api), HTTP_HOST: '127.0.0.1', SESSION_SECRET: 'bench-secret-0123456789abcdef0123456789' });
const withAlerts = existsSync('alerts/src/main.ts');
if (withAlerts) procs.alerts = spawnTs('alerts/src/main.ts', [], { ...common, HTTP_PORT: String(ports.alerts) });
await procs.ingest.waitFor(/ingest ready/, 60_000);
await procs.api.waitFor(/api listening/, 60_000).catch(() => undefined);
for (let i = 0; i < 100; i++) {
  const ok = await fetch(`http://127.0.0.1:${ports.api}/readyz`).then((r) => r.ok, () => false);
  if (ok) break;
  await new Promise((r) => setTimeout(r, 200));
}

for (const h of homes) h.client = await mqtt.connectAsync(`mqtt://127.0.0.1:${ports.mqtt}`, { username: h.id, password: h.token, clientId: `gw-${h.id}`, protocolVersion: 4 });

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
        const p = h.client!.publishAsync(`rpm/v1/gw/${h.id}/readings`, JSON.stringify({ v: 1, gatewayId: h.id, sentAt: new Date().toISOString(), readings: chunk }), { qos: 1 }).then(() => {
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
const clock = new ManualClock(new Date());
const nurse = (await db.pool.query(`SELECT id FROM users WHERE email = 'nurse.patel@demo.vitals'`)).rows[0].id;
const apiLatency: Record<string, number[]> = { trend: [], glucoseReport: [] };
let apiErrors = 0;
const clinicians = Array.from({ length: CLINICIANS }, async () => {
  const s = await createSession(db.pool, clock, { idleMinutes: 600, absoluteHours: 12 }, { userId: nurse, mfaPending: false });
  const headers = { cookie: `${SESSION_COOKIE}=${s.token}` };
  while (performance.now() - realStart < SECONDS * 1000) {
    const h = homes[Math.floor(Math.random() * homes.length)]!;
    for (const [kind, path] of [
      ['trend', `/v1/patients/${h.patientId}/trends?metric=glucose&bucket=1h`],
      ['glucoseReport', `/v1/patients/${h.patientId}/reports/glucose`],
    ] as const) {
      const t0 = performance.now();
      const r = await fetch(`http://127.0.0.1:${ports.api}${path}`, { headers });
      await r.arrayBuffer();
      if (r.ok) apiLatency[kind]!.push(performance.now() - t0);
      else apiErrors++;
    }
  }
});

const rss = (pid: number) => {
  const s = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(s)?.[1] ?? 0);
  return { rssMiB: kb('VmRSS') / 1024, peakMiB: kb('VmHWM') / 1024 };
};
await Promise.all([publisher, ...clinicians]);
const elapsed = (performance.now() - realStart) / 1000;
const memory = Object.fromEntries(Object.entries(procs).map(([k, p]) => [k, rss(p.proc.pid!)]));

// wait for commits and alert jobs to settle, then measure reading→alert latency from the database
await new Promise((r) => setTimeout(r, 3000));
let alertLatency: number[] = [];
if (withAlerts) {
  const { rows } = await db.pool.query<{ ms: number }>(
    `SELECT extract(epoch FROM (a.created_at - r.received_at)) * 1000 AS ms
       FROM alerts a JOIN LATERAL (SELECT min(received_at) AS received_at FROM readings r
                                    WHERE r.patient_id = a.patient_id AND r.measured_at = a.first_at) r ON true
      WHERE r.received_at IS NOT NULL`,
  ).catch(() => ({ rows: [] as Array<{ ms: number }> }));
  alertLatency = rows.map((r) => Number(r.ms)).sort((x, y) => x - y);
}
const stored = (await db.pool.query('SELECT count(DISTINCT reading_id)::int AS n FROM readings')).rows[0].n;
publishLatency.sort((x, y) => x - y);
for (const v of Object.values(apiLatency)) v.sort((x, y) => x - y);

console.log(`machine: ${machine()}; ${new Date().toISOString().slice(0, 10)}`);
console.log(`${N} gateways × 3 devices, ${SECONDS} s at ${SPEED}× time (${fmt((elapsed * SPEED) / 3600)} simulated hours)`);
console.log(`readings: sent ${sent}, acknowledged ${acked}, stored ${stored} → sustained ${fmt(acked / elapsed, 0)} readings/s`);
console.log(`publish→commit (PUBACK after commit): p50 ${fmt(percentile(publishLatency, 50))} ms, p99 ${fmt(percentile(publishLatency, 99))} ms`);
if (withAlerts) console.log(`reading→alert: ${alertLatency.length} alerts, p50 ${fmt(percentile(alertLatency, 50))} ms, p99 ${fmt(percentile(alertLatency, 99))} ms`);
for (const [k, v] of Object.entries(apiLatency)) console.log(`API ${k} under ${CLINICIANS} concurrent clinicians: ${v.length} requests, p50 ${fmt(percentile(v, 50))} ms, p99 ${fmt(percentile(v, 99))} ms`);
console.log(`API errors: ${apiErrors}`);
for (const [k, m] of Object.entries(memory)) console.log(`memory ${k}: RSS ${fmt(m.rssMiB, 0)} MiB (peak ${fmt(m.peakMiB, 0)} MiB)`);

await Promise.all(homes.map((h) => h.client!.endAsync()));
await Promise.all(Object.values(procs).map((p) => p.kill('SIGTERM')));
await db.drop();
