/**
 * Realistic reading history for benchmarks and the demo: patients with a CGM and a BP cuff, years
 * of 5-minute glucose and twice-daily blood pressure, written by PostgreSQL itself with
 * generate_series (no rows travel through Node), on several connections at once.
 *
 * What makes it realistic enough to measure against:
 * - rows arrive in time order across patients, as ingest writes them, so one patient's readings
 *   are spread over the table's pages instead of sitting together;
 * - glucose follows the patient's LOCAL day (dawn rise, meals at 08:30, 13:15, 19:30; a nocturnal
 *   dip for every fourth patient), with noise, 2 % dropped readings and a 2-hour warm-up gap at every 10-day sensor change;
 * - BP is taken around 07:00 and 20:00 local time, 15 % of them missed; the cuff's pulse shares
 *   the reading id;
 * - every tenth patient stopped measuring 20 days before the end, so the compliance list has
 *   patients at risk; patients live in several zones, with and without DST.
 *
 * Reading ids are time-ordered (kind, run tag, time step, patient) rather than ingest's UUIDv5, so
 * the primary key grows at its right edge and ten million rows load in minutes; queries never
 * depend on the id's shape.
 *
 *   npx tsx bench/generate-data.ts --url postgres://… --patients 20 --days 90
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import type pg from 'pg';

export interface HistoryOptions {
  patients: number;
  days: number;
  /** Minutes between CGM readings (5 for most sensors). */
  cgmIntervalMin: number;
  /** BP readings per patient per day, spread from 07:00 to 20:00 local; 0 for none. Default 2. */
  bpPerDay?: number;
  /** End of the history (exclusive). Default: now, floored to the CGM interval. */
  end?: Date;
  /** Clinic the patients belong to; default a new "Generated clinic". */
  clinicId?: string;
  /** Care team the patients join (so its clinicians may read them); default a new team. */
  careTeamId?: string;
  /** Zones given to patients in turn. */
  timeZones?: readonly string[];
  /** Concurrent loading connections (the pool must allow as many). Default 2. */
  connections?: number;
  /** VACUUM ANALYZE afterwards (statistics and the visibility map). Default true. */
  vacuum?: boolean;
}

export interface GeneratedPatient {
  id: string;
  timeZone: string;
  cgmDeviceId: string;
  cuffDeviceId: string;
}

export interface GeneratedHistory {
  clinicId: string;
  careTeamId: string;
  patients: GeneratedPatient[];
  rows: number;
  seconds: number;
}

export const DEFAULT_TIME_ZONES = ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles', 'America/Phoenix', 'Europe/Berlin', 'Europe/London', 'Asia/Kolkata', 'Australia/Sydney', 'UTC'] as const;

/** Per-patient model parameters, as arrays for unnest(). */
interface Group {
  ids: string[];
  cgm: string[];
  cuff: string[];
  tz: string[];
  idx: number[];
  glucoseBase: number[];
  systolicBase: number[];
  diastolicBase: number[];
  stopAt: (Date | null)[];
}

/**
 * A glucose rise of `amplitude` mg/dL centred on local hour `center` (a meal, or a nocturnal dip).
 * The exponent is floored because PostgreSQL raises an error, not 0, when exp() underflows.
 */
const bump = (center: string, width: string, amplitude: string) => `${amplitude} * exp(greatest(-50, -((p.h - ${center}) ^ 2) / ${width}))`;

const CGM_SQL = `
  INSERT INTO readings (reading_id, metric, measured_at, patient_id, device_id, value, unit, characteristic, sequence, received_at)
  SELECT ($1 || lpad(to_hex(s.k), 12, '0') || lpad(to_hex(p.idx), 16, '0'))::uuid, 'glucose', p.t, p.id, p.cgm,
         greatest(40, least(400, round(p.base + 15 * sin(2 * pi() * (p.h - 4) / 24)
              + ${bump('8.5', '0.8', '70')} + ${bump('13.25', '1.0', '80')} + ${bump('19.5', '1.2', '90')}
              - CASE WHEN p.idx % 4 = 0 THEN ${bump('3', '0.5', '60')} ELSE 0 END
              + 24 * (random() - 0.5)))),
         'mg/dL', '2AA7', s.k, p.t + INTERVAL '40 seconds'
    FROM generate_series(0, $2::int - 1) AS s(k)
    -- a LATERAL subquery on s that the planner may not flatten (OFFSET 0) keeps time the outer
    -- loop: rows go in time order across patients, as ingest writes them
    CROSS JOIN LATERAL (
      SELECT u.*, at.t, extract(epoch FROM (at.t AT TIME ZONE u.tz)::time)::float8 / 3600 AS h
        FROM (SELECT $3::timestamptz + s.k * $10::interval AS t) AS at,
             unnest($4::uuid[], $5::uuid[], $6::text[], $7::int[], $8::float8[], $9::timestamptz[]) AS u(id, cgm, tz, idx, base, stop_at)
      OFFSET 0
    ) AS p
   WHERE random() > 0.02
     AND (s.k + p.idx * 37) % $11::int >= $12::int
     AND (p.stop_at IS NULL OR p.t < p.stop_at)`;

const BP_SQL = `
  INSERT INTO readings (reading_id, metric, measured_at, patient_id, device_id, value, unit, characteristic, received_at)
  SELECT b.rid, m.metric, b.t, b.id, b.cuff, m.v, CASE m.metric WHEN 'heart_rate' THEN '/min' ELSE 'mm[Hg]' END, '2A35', b.t + INTERVAL '2 minutes'
    FROM generate_series(0, $2::int - 1) AS d(k)
    CROSS JOIN LATERAL (
      SELECT ($1 || lpad(to_hex(d.k * 16 + slot.n), 12, '0') || lpad(to_hex(u.idx), 16, '0'))::uuid AS rid,
             (($3::date + d.k) + slot.at + make_interval(mins => (random() * 40)::int - 20)) AT TIME ZONE u.tz AS t,
             u.id, u.cuff, u.sys, u.dia, u.stop_at
        FROM unnest($4::uuid[], $5::uuid[], $6::text[], $7::int[], $8::float8[], $9::float8[], $10::timestamptz[]) AS u(id, cuff, tz, idx, sys, dia, stop_at)
        CROSS JOIN unnest($11::time[]) WITH ORDINALITY AS slot(at, n)
       WHERE random() > 0.15
      OFFSET 0
    ) AS b
    CROSS JOIN LATERAL (VALUES ('systolic', round(b.sys + 16 * (random() - 0.5))),
                               ('diastolic', round(b.dia + 10 * (random() - 0.5))),
                               ('heart_rate', round(62 + 25 * random()))) AS m(metric, v)
   WHERE b.t < $12::timestamptz AND (b.stop_at IS NULL OR b.t < b.stop_at)`;

/** `count` BP times of day from 07:00 to 20:00. */
function bpTimes(count: number): string[] {
  if (count <= 0) return [];
  if (count === 1) return ['07:00'];
  return Array.from({ length: count }, (_, i) => {
    const minutes = 7 * 60 + Math.round((i * 13 * 60) / (count - 1));
    return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  });
}

/** Deterministic per-patient variety (no Math.random: two runs make the same people). */
const spread = (i: number, lo: number, hi: number, salt: number) => lo + (((i * 2654435761 + salt * 40503) >>> 0) % 1000) / 1000 * (hi - lo);

async function createPeople(db: pg.Pool, opts: HistoryOptions, end: Date, tag: string): Promise<{ clinicId: string; careTeamId: string; patients: GeneratedPatient[]; model: Group }> {
  const clinicId = opts.clinicId ?? (await db.query<{ id: string }>(`INSERT INTO clinics (name, timezone) VALUES ('Generated clinic', 'America/New_York') RETURNING id`)).rows[0]!.id;
  const careTeamId = opts.careTeamId ?? (await db.query<{ id: string }>(`INSERT INTO care_teams (clinic_id, name) VALUES ($1, $2) RETURNING id`, [clinicId, `Generated team ${tag}`])).rows[0]!.id;
  const zones = opts.timeZones ?? DEFAULT_TIME_ZONES;
  const patients: GeneratedPatient[] = Array.from({ length: opts.patients }, (_, i) => ({ id: randomUUID(), timeZone: zones[i % zones.length]!, cgmDeviceId: randomUUID(), cuffDeviceId: randomUUID() }));
  const start = new Date(end.getTime() - opts.days * 86_400_000);
  const col = <T>(f: (p: GeneratedPatient, i: number) => T) => patients.map(f);
  await db.query(
    `INSERT INTO patients (id, clinic_id, mrn, given_name, family_name, birth_date, sex, timezone, conditions)
     SELECT u.id, $1, 'GEN-' || $2 || '-' || lpad(u.n::text, 6, '0'), 'Patient', 'Generated ' || u.n, DATE '1940-01-01' + (u.n * 9973 % 25000)::int,
            CASE WHEN u.n % 2 = 0 THEN 'female' ELSE 'male' END, u.tz, ARRAY['type2_diabetes', 'hypertension']
       FROM unnest($3::uuid[], $4::text[]) WITH ORDINALITY AS u(id, tz, n)`,
    [clinicId, tag, col((p) => p.id), col((p) => p.timeZone)],
  );
  await db.query(`INSERT INTO care_team_patients (care_team_id, patient_id) SELECT $1, unnest($2::uuid[])`, [careTeamId, col((p) => p.id)]);
  await db.query(
    `INSERT INTO devices (id, clinic_id, device_key, type, manufacturer, model)
     SELECT u.id, $1, 'GEN-' || $2 || '-' || u.kind || '-' || u.n, u.type, 'Acme Medical', 'generated'
       FROM unnest($3::uuid[], $4::text[], $5::text[], $6::int[]) AS u(id, kind, type, n)`,
    [clinicId, tag, [...col((p) => p.cgmDeviceId), ...col((p) => p.cuffDeviceId)], [...col(() => 'CGM'), ...col(() => 'BP')], [...col(() => 'cgm'), ...col(() => 'bp_cuff')], [...col((_, i) => i), ...col((_, i) => i)]],
  );
  await db.query(`INSERT INTO device_assignments (device_id, patient_id, valid) SELECT u.d, u.p, tstzrange($3, NULL) FROM unnest($1::uuid[], $2::uuid[]) AS u(d, p)`, [
    [...col((p) => p.cgmDeviceId), ...col((p) => p.cuffDeviceId)],
    [...col((p) => p.id), ...col((p) => p.id)],
    start,
  ]);
  const model: Group = {
    ids: col((p) => p.id),
    cgm: col((p) => p.cgmDeviceId),
    cuff: col((p) => p.cuffDeviceId),
    tz: col((p) => p.timeZone),
    idx: col((_, i) => i),
    glucoseBase: col((_, i) => spread(i, 85, 165, 1)),
    systolicBase: col((_, i) => spread(i, 112, 152, 2)),
    diastolicBase: col((_, i) => spread(i, 68, 94, 3)),
    stopAt: col((_, i) => (i % 10 === 3 ? new Date(end.getTime() - 20 * 86_400_000) : null)),
  };
  return { clinicId, careTeamId, patients, model };
}

function slice(g: Group, part: number, parts: number): Group {
  const keep = <T>(a: T[]) => a.filter((_, i) => i % parts === part);
  return { ids: keep(g.ids), cgm: keep(g.cgm), cuff: keep(g.cuff), tz: keep(g.tz), idx: keep(g.idx), glucoseBase: keep(g.glucoseBase), systolicBase: keep(g.systolicBase), diastolicBase: keep(g.diastolicBase), stopAt: keep(g.stopAt) };
}

async function loadGroup(db: pg.Pool, g: Group, opts: HistoryOptions, end: Date, tag: string): Promise<number> {
  const stepMs = opts.cgmIntervalMin * 60_000;
  const steps = Math.floor((opts.days * 86_400_000) / stepMs);
  const start = new Date(end.getTime() - steps * stepMs);
  const sensorSteps = Math.round((10 * 86_400_000) / stepMs);
  const warmupSteps = Math.round((2 * 3_600_000) / stepMs);
  const cgm = await db.query(CGM_SQL, [`c${tag}`, steps, start, g.ids, g.cgm, g.tz, g.idx, g.glucoseBase, g.stopAt, `${opts.cgmIntervalMin} minutes`, sensorSteps, warmupSteps]);
  const times = bpTimes(opts.bpPerDay ?? 2);
  if (!times.length) return cgm.rowCount ?? 0;
  const firstDay = start.toISOString().slice(0, 10);
  const bp = await db.query(BP_SQL, [`b${tag}`, opts.days + 1, firstDay, g.ids, g.cuff, g.tz, g.idx, g.systolicBase, g.diastolicBase, g.stopAt, times, end]);
  return (cgm.rowCount ?? 0) + (bp.rowCount ?? 0);
}

/**
 * Create `patients` patients with a CGM and a BP cuff and write `days` days of readings ending at
 * `end`. Received times follow measurement by seconds, as a connected gateway would deliver them.
 *
 * @example await generateHistory(pool, { patients: 100, days: 365, cgmIntervalMin: 5 }) // ≈ 10.3 M rows
 */
export async function generateHistory(db: pg.Pool, opts: HistoryOptions): Promise<GeneratedHistory> {
  const started = performance.now();
  const stepMs = opts.cgmIntervalMin * 60_000;
  const end = new Date(Math.floor((opts.end ?? new Date()).getTime() / stepMs) * stepMs);
  const tag = randomBytes(2).toString('hex').slice(0, 3);
  const people = await createPeople(db, opts, end, tag);
  const parts = Math.max(1, Math.min(opts.connections ?? 2, opts.patients));
  const counts = await Promise.all(Array.from({ length: parts }, (_, i) => loadGroup(db, slice(people.model, i, parts), opts, end, tag)));
  if (opts.vacuum ?? true) await db.query('VACUUM (ANALYZE) readings');
  return { clinicId: people.clinicId, careTeamId: people.careTeamId, patients: people.patients, rows: counts.reduce((a, b) => a + b, 0), seconds: (performance.now() - started) / 1000 };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { url: { type: 'string' }, patients: { type: 'string', default: '20' }, days: { type: 'string', default: '90' }, interval: { type: 'string', default: '5' } } });
  const { createPool } = await import('../db/src/pool.ts');
  const pool = createPool(values.url ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/vitals', { max: 4 });
  try {
    const r = await generateHistory(pool, { patients: Number(values.patients), days: Number(values.days), cgmIntervalMin: Number(values.interval) });
    console.log(`${r.rows.toLocaleString('en-US')} rows for ${r.patients.length} patients in ${r.seconds.toFixed(1)} s (care team ${r.careTeamId})`);
  } finally {
    await pool.end();
  }
}
