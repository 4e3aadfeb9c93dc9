/**
 * Builders for the trends integration tests (not used by production code): readings written
 * straight into the table, as ingest would store them.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { METRICS, type Metric } from '../../../../common/src/metrics.ts';
import { CARE_TEAMS, CLINIC, DEVICES, PATIENTS } from '../../../../db/src/seed-data.ts';

export const MARIA = PATIENTS[0].id;
export const JAMES = PATIENTS[1].id;
export const AIKO = PATIENTS[2].id;
/** Maria's glucose meter and BP cuff, Aiko's CGM (seed data). */
export const MARIA_METER = DEVICES[0]!.id;
export const MARIA_CUFF = DEVICES[1]!.id;
export const AIKO_CGM = DEVICES[4]!.id;

export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;
export const at = (iso: string): number => Date.parse(iso);

export interface FixtureReading {
  t: number;
  v: number;
  metric?: Metric;
  /** Default: the measurement instant (a reading that arrived at once). */
  receivedAt?: number;
  /** Readings sharing an id are one measurement (a BP reading's systolic, diastolic and pulse). */
  readingId?: string;
}

/** Insert readings for a patient from one device (metric default glucose), in one statement. */
export async function insertReadings(db: pg.Pool, patientId: string, deviceId: string, readings: readonly FixtureReading[]): Promise<void> {
  const metricOf = (r: FixtureReading) => r.metric ?? 'glucose';
  await db.query(
    `INSERT INTO readings (reading_id, metric, measured_at, patient_id, device_id, value, unit, received_at)
     SELECT u.id, u.metric, u.at, $1, $2, u.v, u.unit, u.received
       FROM unnest($3::uuid[], $4::text[], $5::timestamptz[], $6::float8[], $7::text[], $8::timestamptz[]) AS u(id, metric, at, v, unit, received)`,
    [
      patientId,
      deviceId,
      readings.map((r) => r.readingId ?? randomUUID()),
      readings.map(metricOf),
      readings.map((r) => new Date(r.t)),
      readings.map((r) => r.v),
      readings.map((r) => METRICS[metricOf(r)].unit),
      readings.map((r) => new Date(r.receivedAt ?? r.t)),
    ],
  );
}

/** Blood-pressure readings: systolic, diastolic and (when given) pulse sharing one reading id. */
export function bpReadings(list: ReadonlyArray<{ t: number; sys: number; dia: number; pulse?: number; receivedAt?: number }>): FixtureReading[] {
  return list.flatMap(({ t, sys, dia, pulse, receivedAt }) => {
    const readingId = randomUUID();
    const one = (metric: Metric, v: number): FixtureReading => ({ t, v, metric, readingId, ...(receivedAt === undefined ? {} : { receivedAt }) });
    return [one('systolic', sys), one('diastolic', dia), ...(pulse === undefined ? [] : [one('heart_rate', pulse)])];
  });
}

/** `count` readings every `everyMin` minutes from `start`, the i-th valued `valueAt(i)`. */
export function series(start: number, count: number, valueAt: (i: number) => number, everyMin = 5, extra: Partial<FixtureReading> = {}): FixtureReading[] {
  return Array.from({ length: count }, (_, i) => ({ ...extra, t: start + i * everyMin * MIN, v: valueAt(i) }));
}

export async function setTimeZone(db: pg.Pool, patientId: string, timeZone: string): Promise<void> {
  await db.query('UPDATE patients SET timezone = $2 WHERE id = $1', [patientId, timeZone]);
}

/**
 * A new patient of the seeded clinic in the diabetes care team (so Dr. Chen and Nurse Patel may
 * read their data), with one device assigned since 2025: each test gets rows no other test touches.
 */
export async function createMonitoredPatient(db: pg.Pool, opts: { timeZone: string; deviceType?: 'cgm' | 'glucose_meter' | 'bp_cuff'; assignedFrom?: string }): Promise<{ patientId: string; deviceId: string }> {
  const patientId = randomUUID();
  const deviceId = randomUUID();
  await db.query(
    `INSERT INTO patients (id, clinic_id, mrn, given_name, family_name, birth_date, timezone) VALUES ($1, $2, $3, 'Test', 'Patient', '1970-01-01', $4)`,
    [patientId, CLINIC.id, `T-${patientId.slice(0, 8)}`, opts.timeZone],
  );
  await db.query(`INSERT INTO care_team_patients (care_team_id, patient_id) VALUES ($1, $2)`, [CARE_TEAMS[0].id, patientId]);
  await db.query(`INSERT INTO devices (id, clinic_id, device_key, type) VALUES ($1, $2, $3, $4)`, [deviceId, CLINIC.id, `DEV-${deviceId.slice(0, 8)}`, opts.deviceType ?? 'cgm']);
  await db.query(`INSERT INTO device_assignments (device_id, patient_id, valid) VALUES ($1, $2, tstzrange($3, NULL))`, [deviceId, patientId, opts.assignedFrom ?? '2025-01-01T00:00:00Z']);
  return { patientId, deviceId };
}

/** Make every reading count as not yet rolled up (tests run refreshes at clocks of their own). */
export async function rewindWatermark(db: pg.Pool): Promise<void> {
  await db.query(`UPDATE trend_rollup_state SET watermark = '-infinity', last_run_at = NULL`);
}
