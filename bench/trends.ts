/**
 * Trends benchmark: 100 patients × 1 year of 5-minute CGM data and twice-daily BP (≈ 10.3 M rows)
 * in a fresh database, rolled up once, then the trends endpoints measured through the HTTP handler
 * (`app.request`: authentication, validation, access check and audit entry, SQL, statistics, JSON).
 * Prints p50/p95 latency per request kind; figures go to docs/performance.md ("Trends").
 *
 *   npx tsx bench/trends.ts [--patients 100] [--days 365] [--iterations 200] [--keep] [--reuse]
 *
 * --keep leaves the database in place; --reuse measures again on a kept one without loading.
 */
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { ManualClock } from '../common/src/clock.ts';
import { bucketScheme } from '../api/src/trends/bucket-scheme.ts';
import { loadPatientContext } from '../api/src/trends/patient-context.ts';
import { refreshRollups } from '../api/src/trends/rollup-refresh.ts';
import { queryTrend } from '../api/src/trends/trend-repo.ts';
import { apiHarness, type Harness } from '../test/support/api-harness.ts';
import { fmt, freshDatabase, generateBenchHistory, HISTORY_NOW, historyBenchArgs, keptDatabase, machine, percentile } from './support.ts';

const args = historyBenchArgs({ patients: 100, days: 365, iterations: 200 });
const PATIENTS = args.patients;
const DAYS = args.days;
const ITERATIONS = args.iterations;
const NOW = HISTORY_NOW;

const DB_NAME = 'vitals_bench_trends';

/** Load the history and roll it up once, in a fresh database. */
async function load() {
  const db = await freshDatabase(DB_NAME);
  const generated = await generateBenchHistory(db.pool, PATIENTS, DAYS);
  const t0 = performance.now();
  const rollup = await refreshRollups(db.pool, { now: NOW, marginMs: 120_000 });
  await db.pool.query('ANALYZE readings_hourly; ANALYZE readings_daily');
  console.log(`first rollup (whole history): ${fmt((performance.now() - t0) / 1000)} s, ${rollup.hourlyBuckets.toLocaleString('en-US')} hourly and ${rollup.dailyBuckets.toLocaleString('en-US')} daily buckets`);
  // a clinician of the generated care team (the harness signs them in directly)
  const clinicianId = randomUUID();
  await db.pool.query(`INSERT INTO users (id, clinic_id, email, display_name, role, mfa_enrolled_at) VALUES ($1, $2, $3, 'Bench clinician', 'clinician', now())`, [clinicianId, generated.clinicId, `bench-${clinicianId}@example.org`]);
  await db.pool.query(`INSERT INTO care_team_members (care_team_id, user_id) VALUES ($1, $2)`, [generated.careTeamId, clinicianId]);
  return { pool: db.pool, url: db.url, drop: db.drop, clinicianId, patientIds: generated.patients.map((p) => p.id) };
}

/** A database kept by an earlier run (--keep). */
async function reuse() {
  const { pool, url, drop } = keptDatabase(DB_NAME, 4);
  const clinician = await pool.query<{ id: string }>(`SELECT id FROM users WHERE display_name = 'Bench clinician' LIMIT 1`);
  const patients = await pool.query<{ id: string }>(`SELECT id FROM patients WHERE mrn LIKE 'GEN-%' ORDER BY mrn`);
  return { pool, url, drop, clinicianId: clinician.rows[0]!.id, patientIds: patients.rows.map((r) => r.id) };
}

console.log(`machine: ${machine()}`);
const db = args.reuse ? await reuse() : await load();
const { clinicianId, patientIds } = db;
const h: Harness = apiHarness(db.pool, { clock: new ManualClock(NOW) });

interface Case {
  name: string;
  path: (patientId: string) => string;
  iterations?: number;
  goalMs?: number;
}

const CASES: Case[] = [
  { name: '90-day daily trend (glucose, 1d)', path: (p) => `/v1/patients/${p}/trends?metric=glucose&bucket=1d`, goalMs: 20 },
  { name: '14-day glucose report with AGP', path: (p) => `/v1/patients/${p}/reports/glucose`, goalMs: 60 },
  { name: '30-day BP report', path: (p) => `/v1/patients/${p}/reports/blood-pressure` },
  { name: `clinic compliance list (${patientIds.length} patients)`, path: () => '/v1/clinics/compliance?all=true', iterations: Math.max(20, ITERATIONS / 4), goalMs: 200 },
  { name: '7-day hourly trend (glucose, 1h)', path: (p) => `/v1/patients/${p}/trends?metric=glucose&bucket=1h` },
  { name: '1-year weekly trend (glucose, 1w, raw)', path: (p) => `/v1/patients/${p}/trends?metric=glucose&bucket=1w`, iterations: Math.max(20, ITERATIONS / 4) },
  { name: 'raw readings page (1,000 rows)', path: (p) => `/v1/patients/${p}/readings?metric=glucose&from=2026-05-01T00:00:00Z&to=2026-05-31T00:00:00Z&limit=1000` },
  { name: 'patient compliance report', path: (p) => `/v1/patients/${p}/compliance` },
];

/** p50 and p95 of `n` sequential runs, after a warm-up (caches, JIT). */
async function timed(n: number, once: (i: number) => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < Math.min(20, n); i++) await once(i);
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    await once(i);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

async function measure(c: Case): Promise<{ p50: number; p95: number }> {
  const headers = await h.sessionHeaders(clinicianId);
  return timed(c.iterations ?? ITERATIONS, async (i) => {
    const r = await h.app.request(c.path(patientIds[i % patientIds.length]!), { headers });
    await r.arrayBuffer();
    if (r.status !== 200) throw new Error(`${c.name}: HTTP ${r.status} ${await r.text()}`);
  });
}

// other work on the machine shows in the figures: say how busy it was
console.log(`\nload average before measuring: ${loadavg().map((l) => fmt(l)).join(', ')} (1, 5, 15 min)`);
console.log('\n| request | p50 ms | p95 ms | goal (p95) |\n| --- | --- | --- | --- |');
for (const c of CASES) {
  const { p50, p95 } = await measure(c);
  const goal = c.goalMs ? `< ${c.goalMs} ms ${p95 < c.goalMs ? '✓' : '✗'}` : '';
  console.log(`| ${c.name} | ${fmt(p50)} | ${fmt(p95)} | ${goal} |`);
}

// The query layer alone (patient context, rollup and dirty-bucket queries, bucket bounds), without
// the HTTP request around it: authentication, access check, audit entry (a commit) and JSON.
const layer = await timed(ITERATIONS, async (i) => {
  const ctx = await loadPatientContext(db.pool, patientIds[i % patientIds.length]!);
  await queryTrend(db.pool, ctx, 'glucose', bucketScheme('1d', ctx.timeZone), { from: NOW.getTime() - 90 * 86_400_000, to: NOW.getTime() });
});
console.log(`| 90-day daily trend, query layer only (no HTTP, auth, audit) | ${fmt(layer.p50)} | ${fmt(layer.p95)} | |`);

// The same daily trend as if nothing were rolled up yet: every bucket recomputed from raw rows.
const { rows: saved } = await db.pool.query<{ watermark: string }>('SELECT watermark::text AS watermark FROM trend_rollup_state');
await db.pool.query(`UPDATE trend_rollup_state SET watermark = '-infinity'`);
const raw = await measure({ name: 'raw', path: CASES[0]!.path, iterations: Math.max(20, ITERATIONS / 4) });
await db.pool.query('UPDATE trend_rollup_state SET watermark = $1::timestamptz', [saved[0]!.watermark]);
console.log(`| 90-day daily trend before any rollup (all raw) | ${fmt(raw.p50)} | ${fmt(raw.p95)} | |`);

console.log(`load average after: ${loadavg().map((l) => fmt(l)).join(', ')}`);
if (args.keep || args.reuse) {
  console.log(`kept ${db.url}`);
  await db.pool.end();
} else await db.drop();
