/**
 * Worklist benchmark: a care team of 1,000 patients, each with 90 days of 5-minute CGM data and
 * twice-daily BP (bench/generate-data.ts, ≈ 25 M rows), all enrolled in one RPM programme, the
 * trend and glucose-range rollups run once. Measures the team's triage worklist two ways:
 * - the worklist query itself (`buildWorklist`: roster, then one query per flag family, then flags);
 * - the whole HTTP request (authentication, access check, the query, ordering, one audit entry per
 *   patient listed, JSON).
 * Prints p50/p95 and the time of each query of one run; figures go to docs/performance.md ("Worklist").
 *
 *   npx tsx bench/worklist.ts [--patients 1000] [--days 90] [--iterations 40] [--keep] [--reuse]
 *
 * --keep leaves the database in place; --reuse measures again on a kept one without loading.
 */
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import type pg from 'pg';
import { ManualClock } from '../common/src/clock.ts';
import { migrate } from '../db/src/migrate.ts';
import { refreshRollups } from '../api/src/trends/rollup-refresh.ts';
import { buildWorklist } from '../api/src/worklist/build-worklist.ts';
import { refreshGlucoseRanges } from '../api/src/worklist/glucose-ranges-refresh.ts';
import { apiHarness } from '../test/support/api-harness.ts';
import { fmt, freshDatabase, generateBenchHistory, HISTORY_END, HISTORY_NOW, historyBenchArgs, keptDatabase, machine, percentile } from './support.ts';

const args = historyBenchArgs({ patients: 1000, days: 90, iterations: 40 });
const PATIENTS = args.patients;
const DAYS = args.days;
const ITERATIONS = args.iterations;
const NOW = HISTORY_NOW;
const DB_NAME = 'vitals_bench_worklist';
const GOAL_MS = 300;

/** A fresh database with the history and the trend rollups (the slow part: minutes). */
async function load(): Promise<{ pool: pg.Pool; url: string; drop: () => Promise<void> }> {
  const db = await freshDatabase(DB_NAME);
  await generateBenchHistory(db.pool, PATIENTS, DAYS);
  const t0 = performance.now();
  await refreshRollups(db.pool, { now: NOW, marginMs: 120_000 });
  console.log(`trend rollups: ${fmt((performance.now() - t0) / 1000)} s`);
  return db;
}

const reuse = () => keptDatabase(DB_NAME, 8);

/**
 * Idempotent set-up on top of the history: migrations, a programme, every generated patient
 * enrolled with the generated care team, a clinician in the team, an urgent alert for one patient
 * in fifty, and the glucose-range rollup.
 */
async function prepare(pool: pg.Pool): Promise<{ teamId: string; clinicianId: string; patients: number }> {
  // a kept database only needs this feature's tables (re-running every migration would trip over
  // checksums of migrations edited since it was loaded)
  if (!(await pool.query<{ t: string | null }>(`SELECT to_regclass('rpm_programs')::text AS t`)).rows[0]!.t) await migrate(pool);
  const team = (await pool.query<{ id: string; clinic_id: string }>(`SELECT id, clinic_id FROM care_teams WHERE name LIKE 'Generated team%' ORDER BY created_at LIMIT 1`)).rows[0]!;
  const programId = (
    await pool.query<{ id: string }>(
      `INSERT INTO rpm_programs (clinic_id, name) VALUES ($1, 'Bench programme') ON CONFLICT (clinic_id, name) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
      [team.clinic_id],
    )
  ).rows[0]!.id;
  await pool.query(`INSERT INTO rpm_ladder_steps (program_id, step, action, after_hours) VALUES ($1, 1, 'patient_nudge', 48), ($1, 2, 'nurse_task', 72), ($1, 3, 'lead_escalation', 120) ON CONFLICT DO NOTHING`, [programId]);
  await pool.query(
    `INSERT INTO rpm_enrolments (program_id, patient_id, care_team_id, started_at, setup_completed_at)
     SELECT $1, tp.patient_id, tp.care_team_id, $3::timestamptz, $3::timestamptz FROM care_team_patients tp WHERE tp.care_team_id = $2
     ON CONFLICT DO NOTHING`,
    [programId, team.id, new Date(HISTORY_END.getTime() - DAYS * 86_400_000)],
  );
  let clinicianId = (await pool.query<{ id: string }>(`SELECT id FROM users WHERE display_name = 'Worklist bench clinician' LIMIT 1`)).rows[0]?.id;
  if (!clinicianId) {
    clinicianId = randomUUID();
    await pool.query(`INSERT INTO users (id, clinic_id, email, display_name, role, mfa_enrolled_at) VALUES ($1, $2, $3, 'Worklist bench clinician', 'clinician', now())`, [clinicianId, team.clinic_id, `worklist-${clinicianId}@example.org`]);
    await pool.query(`INSERT INTO care_team_members (care_team_id, user_id) VALUES ($1, $2)`, [team.id, clinicianId]);
  }
  await pool.query(
    `INSERT INTO alerts (clinic_id, patient_id, rule_id, rule_kind, dedupe_key, severity, state, message, first_at, latest_at, latest, evidence, opened_at)
     SELECT $1, p.id, 'glucose-low', 'threshold', 'glucose-low', 'urgent', 'open', 'Glucose 50 mg/dL is below 54 mg/dL', $2, $2, '{}', '{}', $2
       FROM (SELECT patient_id AS id, row_number() OVER (ORDER BY patient_id) AS n FROM care_team_patients WHERE care_team_id = $3) p
      WHERE p.n % 50 = 0
     ON CONFLICT DO NOTHING`,
    [team.clinic_id, new Date(NOW.getTime() - 3_600_000), team.id],
  );
  const t0 = performance.now();
  const ranges = await refreshGlucoseRanges(pool, { now: NOW, marginMs: 120_000 });
  if (ranges.days) console.log(`glucose-range rollup: ${ranges.days.toLocaleString('en-US')} days in ${fmt((performance.now() - t0) / 1000)} s`);
  await pool.query('ANALYZE glucose_ranges_daily; ANALYZE rpm_enrolments; ANALYZE alerts');
  const patients = (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM rpm_enrolments WHERE care_team_id = $1`, [team.id])).rows[0]!.n;
  return { teamId: team.id, clinicianId, patients };
}

/** p50/p95 of `n` runs after a few warm-up runs. */
async function measure(n: number, once: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < 3; i++) await once();
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await once();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

/** The queries of one worklist run with their times, to see where the time goes. */
async function profile(pool: pg.Pool, teamId: string): Promise<Array<{ sql: string; ms: number }>> {
  const seen: Array<{ sql: string; ms: number }> = [];
  const timed = new Proxy(pool, {
    get: (target, key) =>
      key === 'query'
        ? async (...a: unknown[]) => {
            const t = performance.now();
            const r = await (target.query as (...x: unknown[]) => Promise<unknown>).apply(target, a);
            seen.push({ sql: String(a[0]).replace(/\s+/g, ' ').trim().slice(0, 70), ms: performance.now() - t });
            return r;
          }
        : Reflect.get(target, key),
  });
  await buildWorklist(timed, teamId, NOW);
  return seen;
}

console.log(`machine: ${machine()}`);
const db = args.reuse ? reuse() : await load();
const { teamId, clinicianId, patients } = await prepare(db.pool);
const h = apiHarness(db.pool, { clock: new ManualClock(NOW) });
const headers = await h.sessionHeaders(clinicianId);

let rows = 0;
const query = await measure(ITERATIONS, async () => (rows = (await buildWorklist(db.pool, teamId, NOW)).length));
const http = await measure(Math.max(10, ITERATIONS / 2), async () => {
  const r = await h.app.request(`/v1/care-teams/${teamId}/worklist`, { headers });
  if (r.status !== 200) throw new Error(`worklist: HTTP ${r.status} ${await r.text()}`);
  await r.arrayBuffer();
});

console.log(`\nteam of ${patients} enrolled patients, ${rows} rows; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} (other work on the machine)\n`);
console.log('| measurement | p50 ms | p95 ms | goal (p95) |\n| --- | --- | --- | --- |');
console.log(`| worklist query (buildWorklist) | ${fmt(query.p50)} | ${fmt(query.p95)} | < ${GOAL_MS} ms ${query.p95 < GOAL_MS ? '✓' : '✗'} |`);
console.log(`| GET /v1/care-teams/:teamId/worklist (incl. ${rows} audit entries) | ${fmt(http.p50)} | ${fmt(http.p95)} | |`);
// The same worklist as if the glucose-range job had never run: every glucose day recomputed raw.
const { rows: saved } = await db.pool.query<{ watermark: string }>('SELECT watermark::text AS watermark FROM glucose_ranges_state');
await db.pool.query(`UPDATE glucose_ranges_state SET watermark = '-infinity'`);
const raw = await measure(5, () => buildWorklist(db.pool, teamId, NOW));
await db.pool.query('UPDATE glucose_ranges_state SET watermark = $1::timestamptz', [saved[0]!.watermark]);
console.log(`| worklist query before any glucose-range rollup (every day raw) | ${fmt(raw.p50)} | ${fmt(raw.p95)} | |`);
console.log('\none run, query by query (the five families run in parallel):');
for (const q of await profile(db.pool, teamId)) console.log(`  ${fmt(q.ms).padStart(7)} ms  ${q.sql}`);

if (args.keep || args.reuse) {
  console.log(`kept ${db.url}`);
  await db.pool.end();
} else await db.drop();
