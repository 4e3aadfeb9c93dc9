import type pg from 'pg';
import { METRICS, METRIC_NAMES, isPlausible, type Metric } from '../../../common/src/metrics.ts';
import { UnprocessableError } from '../portal-records/errors.ts';
import { visibleFilter, type Visibility } from '../portal-records/visibility.ts';

interface VitalRow {
  metric: Metric;
  source: 'device' | 'clinic';
  value: number;
  unit: string;
  measured_at: Date;
}

// Per metric, one index probe into each source (readings_patient_metric_time_idx,
// clinic_vitals_patient_metric_idx) instead of scanning the patient's history.
const latestFrom = (table: 'readings' | 'clinic_vitals', source: string) => `
  SELECT m.metric, '${source}' AS source, x.value, x.unit, x.measured_at
    FROM unnest($2::text[]) AS m(metric)
    CROSS JOIN LATERAL (SELECT value, unit, measured_at FROM ${table} WHERE patient_id = $1 AND metric = m.metric ORDER BY measured_at DESC LIMIT 1) x`;
const LATEST_VITALS = `${latestFrom('readings', 'device')} UNION ALL ${latestFrom('clinic_vitals', 'clinic')}`;

/**
 * A patient's health summary as the viewer may see it: problems of a hidden sensitive category
 * (and an adolescent's confidential ones, for a parent) are left out.
 */
export async function healthSummary(db: pg.Pool, patientId: string, visibility: Visibility) {
  const f = visibleFilter(visibility, { category: 'category', confidential: 'confidential' }, 2);
  const [problems, allergies, immunizations, vitals, goals] = await Promise.all([
    db.query(
      `SELECT id, code_system AS "codeSystem", code, display, clinical_status AS "clinicalStatus", onset_date::text AS "onsetDate"
         FROM problems WHERE patient_id = $1 AND ${f.sql}
        ORDER BY clinical_status <> 'active', onset_date DESC NULLS LAST, display`,
      [patientId, ...f.params],
    ),
    db.query(`SELECT id, substance, reaction, severity FROM allergies WHERE patient_id = $1 ORDER BY severity = 'severe' DESC, substance`, [patientId]),
    db.query(`SELECT id, cvx_code AS "cvxCode", vaccine, occurrence_date::text AS date FROM immunizations WHERE patient_id = $1 ORDER BY occurrence_date DESC, vaccine`, [patientId]),
    db.query<VitalRow>(`${LATEST_VITALS} ORDER BY metric, source DESC`, [patientId, METRIC_NAMES]),
    db.query(
      `SELECT id, description, target, status, due_date::text AS "dueDate" FROM care_goals WHERE patient_id = $1
        ORDER BY status <> 'active', due_date NULLS LAST, description`,
      [patientId],
    ),
  ]);
  return {
    patientId,
    problems: problems.rows,
    allergies: allergies.rows,
    immunizations: immunizations.rows,
    vitals: vitals.rows.map((v) => ({ metric: v.metric, display: METRICS[v.metric].display, loinc: METRICS[v.metric].loinc, value: v.value, unit: v.unit, measuredAt: v.measured_at.toISOString(), source: v.source })),
    goals: goals.rows,
  };
}

/**
 * Record a vital measured at the clinic, in the metric's canonical unit.
 *
 * @throws UnprocessableError for a value outside the physiological range (a typo, or the wrong unit)
 */
export async function recordClinicVital(db: pg.Pool, patientId: string, v: { metric: Metric; value: number; measuredAt: string }, by: string) {
  if (!isPlausible(v.metric, v.value)) {
    const [lo, hi] = METRICS[v.metric].plausible;
    throw new UnprocessableError(`${v.value} ${METRICS[v.metric].unit} is not a plausible ${v.metric}`, { errors: [{ path: 'value', message: `expected ${lo} to ${hi} ${METRICS[v.metric].unit}` }] });
  }
  const { rows } = await db.query<{ measured_at: Date }>(
    'INSERT INTO clinic_vitals (patient_id, metric, value, unit, measured_at, recorded_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING measured_at',
    [patientId, v.metric, v.value, METRICS[v.metric].unit, v.measuredAt, by],
  );
  const m = METRICS[v.metric];
  return { metric: v.metric, display: m.display, loinc: m.loinc, value: v.value, unit: m.unit, measuredAt: rows[0]!.measured_at.toISOString(), source: 'clinic' as const };
}
