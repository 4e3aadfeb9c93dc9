import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import mqtt, { type MqttClient } from 'mqtt';
import pg from 'pg';
import { SESSION_COOKIE } from '../api/src/auth/authenticate.ts';
import { createSession } from '../api/src/auth/sessions.ts';
import { systemClock } from '../common/src/clock.ts';
import { createPool } from '../db/src/pool.ts';
import { migrate } from '../db/src/migrate.ts';
import { tokenHash } from '../db/src/seed.ts';
import { CARE_TEAMS, CLINIC } from '../db/src/seed-data.ts';
import { spawnTs, type Child } from '../test/support/child.ts';
import { freePort } from '../test/support/ports.ts';
import { generateHistory } from './generate-data.ts';

export const ADMIN_URL = process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * The options of the benches over a generated history (bench/trends.ts, bench/worklist.ts):
 * `--patients`, `--days`, `--iterations`, `--keep` (leave the database for next time) and
 * `--reuse` (use the kept one instead of generating).
 */
export function historyBenchArgs(defaults: { patients: number; days: number; iterations: number }) {
  const { values } = parseArgs({
    options: {
      patients: { type: 'string', default: String(defaults.patients) },
      days: { type: 'string', default: String(defaults.days) },
      iterations: { type: 'string', default: String(defaults.iterations) },
      keep: { type: 'boolean', default: false },
      reuse: { type: 'boolean', default: false },
    },
  });
  return { patients: Number(values.patients), days: Number(values.days), iterations: Number(values.iterations), keep: values.keep, reuse: values.reuse };
}

/** Where generated histories end, and the benches' "now": noon UTC the day after, so today has no readings yet. */
export const HISTORY_END = new Date('2026-06-01T00:00:00Z');
export const HISTORY_NOW = new Date(HISTORY_END.getTime() + 12 * 3_600_000);

/** `generateHistory` with the benches' shape (CGM every 5 min, BP twice a day), logging its size and time. */
export async function generateBenchHistory(pool: pg.Pool, patients: number, days: number) {
  const generated = await generateHistory(pool, { patients, days, cgmIntervalMin: 5, bpPerDay: 2, end: HISTORY_END, connections: 2 });
  console.log(`generated ${generated.rows.toLocaleString('en-US')} rows for ${patients} patients × ${days} days in ${fmt(generated.seconds)} s (incl. VACUUM ANALYZE)`);
  return generated;
}

/** The database an earlier run left with --keep, opened again for --reuse. */
export function keptDatabase(name: string, maxConnections: number): { url: string; pool: pg.Pool; drop(): Promise<void> } {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  const pool = createPool(u.toString(), { max: maxConnections });
  return { pool, url: u.toString(), drop: () => pool.end() };
}

/** A fresh, migrated benchmark database on the local server (dropped first if it exists). */
export async function freshDatabase(name: string): Promise<{ url: string; pool: pg.Pool; drop(): Promise<void> }> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(ADMIN_URL);
  u.pathname = '/' + name;
  const url = u.toString();
  const pool = createPool(url, { max: 4 });
  await migrate(pool);
  return {
    url,
    pool,
    async drop() {
      await pool.end();
      const a = new pg.Client({ connectionString: ADMIN_URL });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export const fmt = (n: number, d = 1) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

export function machine(): string {
  return `${cpus()[0]?.model ?? 'cpu'} × ${availableParallelism()}, ${Math.round(totalmem() / 2 ** 30)} GiB, ${process.platform} ${process.arch}, Node ${process.version}`;
}

/** The 1-minute load average, to print beside figures measured on a shared machine. */
export const load = (): string => fmt(loadavg()[0] ?? 0, 1);

export interface LoadGateway {
  id: string;
  token: string;
  /** `deviceKey` is the key of the patient's first device (its only one, with one device type). */
  patients: Array<{ patientId: string; deviceKey: string; devices: Array<{ key: string; type: string }> }>;
}

/**
 * Enrols `patients` load patients (after `seedDemo`): each with one device of `deviceType` (of
 * each, in that order, when it is a list) on one of `gateways` gateways (round robin), all in the
 * first demo care team, so its clinicians see them. A few set-based statements, however many
 * patients. Device keys are `GW-<TAG>-DEV-<i>` with one type, `GW-<TAG>-<TYPE>-<i>` with several.
 */
export async function enrolLoadPatients(pool: pg.Pool, opts: { tag: string; patients: number; gateways: number; deviceType: string | readonly string[]; timeZone?: string }): Promise<LoadGateway[]> {
  const gws: LoadGateway[] = Array.from({ length: opts.gateways }, (_, g) => ({ id: `gw-${opts.tag}-${g}`, token: `${opts.tag}-token-${g}-0123456789abcdef`, patients: [] }));
  const types = typeof opts.deviceType === 'string' ? [opts.deviceType] : [...opts.deviceType];
  await pool.query(`INSERT INTO gateways (id, clinic_id, token_hash) SELECT * FROM unnest($1::text[], $2::uuid[], $3::text[])`, [gws.map((g) => g.id), gws.map(() => CLINIC.id), gws.map((g) => tokenHash(g.token))]);
  const { rows } = await pool.query<{ i: number; patient_id: string; device_key: string; type: string }>(
    `WITH p AS (
       INSERT INTO patients (clinic_id, mrn, given_name, family_name, birth_date, timezone)
       SELECT $1, $2 || '-' || i, 'Load', 'Patient', '1960-01-01', $3 FROM generate_series(0, $4 - 1) AS i
       RETURNING id, substring(mrn FROM '(\\d+)$')::int AS i
     ), team AS (
       INSERT INTO care_team_patients (care_team_id, patient_id) SELECT $5, id FROM p
     ), d AS (
       INSERT INTO devices (clinic_id, device_key, type, gateway_id)
       SELECT $1, upper($2) || '-' || CASE WHEN cardinality($6::text[]) = 1 THEN 'DEV' ELSE upper(t.type) END || '-' || p.i, t.type, $2 || '-' || (p.i % $7)
         FROM p CROSS JOIN unnest($6::text[]) AS t(type)
       RETURNING id, device_key, type, substring(device_key FROM '(\\d+)$')::int AS i
     ), a AS (
       INSERT INTO device_assignments (device_id, patient_id, valid)
       SELECT d.id, p.id, tstzrange('2020-01-01', NULL) FROM d JOIN p USING (i)
     )
     SELECT p.i, p.id AS patient_id, d.device_key, d.type FROM p JOIN d USING (i) ORDER BY p.i, array_position($6::text[], d.type)`,
    [CLINIC.id, `gw-${opts.tag}`, opts.timeZone ?? 'UTC', opts.patients, CARE_TEAMS[0].id, types, opts.gateways],
  );
  let last: LoadGateway['patients'][number] | undefined;
  for (const r of rows) {
    if (last?.patientId !== r.patient_id) {
      last = { patientId: r.patient_id, deviceKey: r.device_key, devices: [] };
      gws[r.i % opts.gateways]!.patients.push(last);
    }
    last.devices.push({ key: r.device_key, type: r.type });
  }
  return gws;
}

export interface Services {
  ports: { mqtt: number; ingest: number; api: number; alerts: number };
  procs: Record<'ingest' | 'api' | 'alerts', Child>;
  apiUrl: string;
  /** Each process's resident memory now and at its peak (VmRSS, VmHWM), in MiB; Linux only. */
  memory(): Record<'ingest' | 'api' | 'alerts', { rssMiB: number; peakMiB: number }>;
  stop(): Promise<void>;
}

/**
 * Ingest (embedded MQTT broker), api and alerts as separate processes on Redis, the production
 * layout; resolves once all three are ready. `env.ingest` adds settings to ingest's.
 */
export async function startServices(databaseUrl: string, redisUrl: string, env: { ingest?: Record<string, string> } = {}): Promise<Services> {
  const ports = { mqtt: await freePort(), ingest: await freePort(), api: await freePort(), alerts: await freePort() };
  const common = { DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, LOG_LEVEL: 'warn' };
  const procs = {
    ingest: spawnTs('ingest/src/main.ts', [], { ...common, MQTT_PORT: String(ports.mqtt), MQTT_HOST: '127.0.0.1', HTTP_PORT: String(ports.ingest), ...env.ingest }),
    api: spawnTs('api/src/main.ts', [], { ...common, HTTP_PORT: String(ports.api), HTTP_HOST: '127.0.0.1', SESSION_SECRET: 'bench-secret-0123456789abcdef0123456789' }),
    alerts: spawnTs('alerts/src/main.ts', [], { ...common, HTTP_PORT: String(ports.alerts) }),
  };
  const apiUrl = `http://127.0.0.1:${ports.api}`;
  // a bench that dies (an exception) must not leave services behind to eat the next run's jobs and CPU
  process.once('exit', () => Object.values(procs).forEach((p) => p.proc.exitCode === null && p.proc.kill('SIGKILL')));
  await Promise.all([procs.ingest.waitFor(/ingest ready/, 60_000), procs.alerts.waitFor(/alerts ready/, 60_000)]);
  for (let i = 0; i < 300; i++) {
    if (await fetch(`${apiUrl}/readyz`).then((r) => r.ok, () => false)) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    ports,
    procs,
    apiUrl,
    memory: () => ({ ingest: processMemory(procs.ingest.proc.pid!), api: processMemory(procs.api.proc.pid!), alerts: processMemory(procs.alerts.proc.pid!) }),
    stop: async () => void (await Promise.all(Object.values(procs).map((p) => p.kill('SIGTERM')))),
  };
}

/** A process's resident memory now and at its peak, in MiB, from `/proc/<pid>/status` (Linux only). */
function processMemory(pid: number): { rssMiB: number; peakMiB: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rssMiB: kb('VmRSS') / 1024, peakMiB: kb('VmHWM') / 1024 };
}

/** Request headers of a signed-in clinician of the first demo care team (after `seedDemo`). */
export async function clinicianHeaders(pool: pg.Pool): Promise<{ cookie: string }> {
  const nurse = (await pool.query(`SELECT id FROM users WHERE email = 'nurse.patel@demo.vitals'`)).rows[0].id as string;
  const s = await createSession(pool, systemClock, { idleMinutes: 600, absoluteHours: 12 }, { userId: nurse, mfaPending: false });
  return { cookie: `${SESSION_COOKIE}=${s.token}` };
}

/** One MQTT 3.1.1 connection per gateway to ingest's embedded broker. */
export const connectGateways = (mqttPort: number, gws: ReadonlyArray<Pick<LoadGateway, 'id' | 'token'>>): Promise<MqttClient[]> =>
  Promise.all(gws.map((g) => mqtt.connectAsync(`mqtt://127.0.0.1:${mqttPort}`, { username: g.id, password: g.token, clientId: `gw-${g.id}`, protocolVersion: 4 })));
