/**
 * The alert and weight flag families' queries: unresolved urgent and weight-gain alerts of every
 * patient (one query on the alerts' partial unique index), and the weights of the weight rule's
 * look-back (one query; a patient weighs in once or twice a day, so these are a few rows each).
 */
import type pg from 'pg';
import type { ReadingPoint } from '../../../alerts/src/rules/inputs.ts';
import type { OpenAlert } from './flags/alert-flags.ts';

function append<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Unresolved alerts that can raise a flag, newest first, by patient. */
export async function openFlagAlerts(db: Pick<pg.Pool, 'query'>, patientIds: readonly string[]): Promise<Map<string, OpenAlert[]>> {
  const out = new Map<string, OpenAlert[]>();
  if (!patientIds.length) return out;
  const { rows } = await db.query<OpenAlert & { patientId: string }>(
    `SELECT patient_id AS "patientId", id, rule_kind AS "ruleKind", severity, state, message
       FROM alerts
      WHERE patient_id = ANY($1::uuid[]) AND state <> 'resolved' AND (severity = 'urgent' OR rule_kind = 'weight_gain')
      ORDER BY latest_at DESC`,
    [patientIds],
  );
  for (const { patientId, ...a } of rows) append(out, patientId, a);
  return out;
}

/** Body weights measured since `since`, oldest first, by patient. */
export async function recentWeights(db: Pick<pg.Pool, 'query'>, patientIds: readonly string[], since: Date): Promise<Map<string, ReadingPoint[]>> {
  const out = new Map<string, ReadingPoint[]>();
  if (!patientIds.length) return out;
  const { rows } = await db.query<{ patient_id: string; at: Date; value: number }>(
    `SELECT patient_id, measured_at AS at, value FROM readings
      WHERE patient_id = ANY($1::uuid[]) AND metric = 'body_weight' AND measured_at >= $2
      ORDER BY measured_at`,
    [patientIds, since],
  );
  for (const r of rows) append(out, r.patient_id, { at: r.at, value: r.value });
  return out;
}
