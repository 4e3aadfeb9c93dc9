import type pg from 'pg';
import { NotFoundError } from '../../../common/src/errors/index.ts';
import type { GlucoseTargets } from './stats/schemas.ts';

/** What every trend query needs to know about the patient and the rollups, read in one round trip. */
export interface PatientTrendContext {
  patientId: string;
  /** The patient's IANA zone: their days are local days. */
  timeZone: string;
  /**
   * Whether the patient's `readings_daily` rows are keyed in `timeZone`. False after the patient's
   * zone changed and before the rollup job rebuilt their days: then local days are read raw.
   */
  dailyRollupUsable: boolean;
  /**
   * Readings received at or after this instant may be missing from the rollups, so the buckets
   * they fall in are computed from raw rows. PostgreSQL's text form (it may be `-infinity`), passed
   * back as a parameter.
   */
  watermark: string;
  /** Local date of the patient's first device assignment: remote monitoring starts then (null: never). */
  monitoringSince: string | null;
  /** The patient's own glucose thresholds; only those set. */
  glucoseTargets: Partial<GlucoseTargets>;
}

interface ContextRow {
  timezone: string;
  rollup_zone: string | null;
  watermark: string;
  monitoring_since: string | null;
  very_low_below: number | null;
  low_below: number | null;
  high_above: number | null;
  very_high_above: number | null;
}

/**
 * The patient's zone, monitoring start, glucose targets and the rollup state. Call after
 * guardPatient: it checks nothing about the caller.
 *
 * @throws NotFoundError when there is no such patient (break-the-glass can name any id)
 */
export async function loadPatientContext(db: pg.Pool, patientId: string): Promise<PatientTrendContext> {
  const { rows } = await db.query<ContextRow>(
    `SELECT p.timezone,
            z.time_zone AS rollup_zone,
            s.watermark::text AS watermark,
            (SELECT (min(lower(a.valid)) AT TIME ZONE p.timezone)::date::text
               FROM device_assignments a WHERE a.patient_id = p.id) AS monitoring_since,
            t.very_low_below, t.low_below, t.high_above, t.very_high_above
       FROM patients p
       CROSS JOIN trend_rollup_state s
       LEFT JOIN trend_rollup_zones z ON z.patient_id = p.id
       LEFT JOIN patient_glucose_targets t ON t.patient_id = p.id
      WHERE p.id = $1`,
    [patientId],
  );
  const r = rows[0];
  if (!r) throw new NotFoundError('no such patient');
  return {
    patientId,
    timeZone: r.timezone,
    // no zone recorded: the job has not rolled up any of the patient's readings, so all of them
    // are newer than the watermark and read raw anyway
    dailyRollupUsable: r.rollup_zone === null || r.rollup_zone === r.timezone,
    watermark: r.watermark,
    monitoringSince: r.monitoring_since,
    glucoseTargets: definedTargets({ veryLowBelow: r.very_low_below, lowBelow: r.low_below, highAbove: r.high_above, veryHighAbove: r.very_high_above }),
  };
}

function definedTargets(t: Record<keyof GlucoseTargets, number | null>): Partial<GlucoseTargets> {
  return Object.fromEntries(Object.entries(t).filter(([, v]) => v !== null)) as Partial<GlucoseTargets>;
}

/** The rollup watermark alone (PatientTrendContext.watermark), for queries about many patients. */
export async function rollupWatermark(db: pg.Pool): Promise<string> {
  const { rows } = await db.query<{ watermark: string }>('SELECT watermark::text AS watermark FROM trend_rollup_state');
  return rows[0]!.watermark;
}
