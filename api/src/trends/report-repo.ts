/**
 * The raw series the clinical reports are computed from. The reports need every reading (AGP
 * percentiles by local time of day, LBGI/HBGI, each BP reading's category), which no rollup holds,
 * so they read raw rows; a 14-day CGM report is about 4,000 rows. Instants come back as epoch
 * milliseconds (float8), which parse far faster than timestamptz text.
 */
import type pg from 'pg';
import type { TimedValue } from './stats/instant.ts';
import type { BpReading } from './stats/bp-report.ts';
import type { Period } from './period.ts';

/** Which glucose readings a report uses: the CGM's, or every glucose reading (meters too). */
export type GlucoseSource = 'cgm' | 'all';

/**
 * Glucose readings (mg/dL) in the period. The consensus metrics are defined for CGM series, so by
 * default only readings from devices registered as CGMs count: a finger-stick reading mixed in
 * would stand for a 5-minute sensor interval it does not cover.
 */
export async function glucosePoints(db: pg.Pool, patientId: string, period: Period, source: GlucoseSource): Promise<TimedValue[]> {
  const { rows } = await db.query<TimedValue>(
    `SELECT (extract(epoch FROM r.measured_at) * 1000)::float8 AS t, r.value AS v
       FROM readings r
      WHERE r.patient_id = $1 AND r.metric = 'glucose' AND r.measured_at >= $2 AND r.measured_at < $3
        AND ($4::boolean OR r.device_id IN (SELECT d.id FROM devices d WHERE d.type = 'cgm'))`,
    [patientId, new Date(period.from), new Date(period.to), source === 'all'],
  );
  return rows;
}

/**
 * Blood-pressure readings in the period: systolic and diastolic of one measurement share its
 * reading id, and so does the pulse when the cuff reports one. A heart rate from another device
 * (oximeter, chest strap) has its own reading id and is not a BP pulse.
 */
export async function bpReadings(db: pg.Pool, patientId: string, period: Period): Promise<BpReading[]> {
  const { rows } = await db.query<BpReading>(
    `SELECT (extract(epoch FROM s.measured_at) * 1000)::float8 AS t, s.value AS systolic, d.value AS diastolic, h.value AS pulse
       FROM readings s
       JOIN readings d ON d.reading_id = s.reading_id AND d.measured_at = s.measured_at AND d.metric = 'diastolic'
       LEFT JOIN readings h ON h.reading_id = s.reading_id AND h.measured_at = s.measured_at AND h.metric = 'heart_rate'
      WHERE s.patient_id = $1 AND s.metric = 'systolic' AND s.measured_at >= $2 AND s.measured_at < $3`,
    [patientId, new Date(period.from), new Date(period.to)],
  );
  return rows;
}
