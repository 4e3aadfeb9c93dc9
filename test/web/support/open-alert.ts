import type pg from 'pg';
import { CLINIC } from '../../../db/src/seed-data.ts';

/**
 * An open urgent glucose alert for a patient, as the alerts worker stores one (row and its
 * `opened` history entry), so the clinician pages have something to act on without running the
 * rules engine in this test.
 */
export async function insertOpenAlert(db: pg.Pool, patientId: string, opts: { value: number; at: Date }): Promise<string> {
  const message = `Glucose ${opts.value} mg/dL is above the urgent limit of 300 mg/dL`;
  const observation = {
    severity: 'urgent',
    value: opts.value,
    unit: 'mg/dL',
    threshold: 300,
    observedAt: opts.at.toISOString(),
    message,
    evidence: { points: [{ metric: 'glucose', at: opts.at.toISOString(), value: opts.value }], stats: {} },
  };
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO alerts (clinic_id, patient_id, rule_id, rule_kind, dedupe_key, metric, severity, state, message, unit, threshold,
                         first_value, first_at, latest_value, latest_at, latest, evidence, opened_at, urgent_since)
     VALUES ($1, $2, 'glucose-urgent-high', 'threshold', 'glucose-urgent-high', 'glucose', 'urgent', 'open', $3, 'mg/dL', 300,
             $4, $5, $4, $5, $6, $7, $5, $5)
     RETURNING id`,
    [CLINIC.id, patientId, message, opts.value, opts.at, JSON.stringify(observation), JSON.stringify(observation.evidence)],
  );
  const id = rows[0]!.id;
  await db.query(`INSERT INTO alert_events (alert_id, at, actor, action) VALUES ($1, $2, 'system', 'opened')`, [id, opts.at]);
  return id;
}
