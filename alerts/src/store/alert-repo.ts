import type { Alert } from '../rules/lifecycle.ts';
import { ALERT_COLUMNS, alertValues, toStoredAlert, type AlertRow, type StoredAlert } from './alert-row.ts';
import type { Tx } from './transaction.ts';

/** What happened to an alert, as written to `alert_events`. */
export type AlertEventAction = 'opened' | 'repeated' | 'reopened' | 'acknowledged' | 'snoozed' | 'resolved' | 'auto_resolved' | 'escalated' | 'note';

export interface AlertEventInput {
  at: Date;
  actor: string;
  action: AlertEventAction;
  note?: string;
  detail?: Record<string, unknown>;
}

const placeholders = (from: number, n: number) => Array.from({ length: n }, (_, i) => `$${from + i}`).join(', ');
const COLUMN_LIST = ALERT_COLUMNS.join(', ');
const SET_LIST = ALERT_COLUMNS.map((c, i) => `${c} = $${i + 2}`).join(', ');

/**
 * The alert a new evaluation for this patient and key must be folded into, locked for the rest of
 * the transaction: the unresolved one if there is one, else the newest resolved one (so that a
 * redelivered job about the same reading sees it and changes nothing).
 */
export async function lockCurrentAlert(tx: Tx, patientId: string, dedupeKey: string): Promise<StoredAlert | null> {
  const { rows } = await tx.query<AlertRow>(
    `SELECT * FROM alerts WHERE patient_id = $1 AND dedupe_key = $2
      ORDER BY (state <> 'resolved') DESC, opened_at DESC LIMIT 1 FOR UPDATE`,
    [patientId, dedupeKey],
  );
  return rows[0] ? toStoredAlert(rows[0]) : null;
}

/** One alert by id, locked for update; null when there is none (or it belongs to another patient). */
export async function lockAlert(tx: Tx, alertId: string, patientId?: string): Promise<StoredAlert | null> {
  const { rows } = await tx.query<AlertRow>('SELECT * FROM alerts WHERE id = $1 AND ($2::uuid IS NULL OR patient_id = $2) FOR UPDATE', [alertId, patientId ?? null]);
  return rows[0] ? toStoredAlert(rows[0]) : null;
}

/**
 * Inserts a new alert unless an unresolved one with the same patient and key exists — the
 * partial unique index decides, so two concurrent workers cannot both insert. Returns the new id,
 * or null when the other worker won (the caller then folds its candidate into that alert).
 */
export async function insertAlert(tx: Tx, owner: { clinicId: string; patientId: string }, alert: Alert): Promise<string | null> {
  const values = alertValues(alert);
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO alerts (clinic_id, patient_id, first_value, first_at, ${COLUMN_LIST})
     VALUES ($1, $2, $3, $4, ${placeholders(5, values.length)})
     ON CONFLICT (patient_id, dedupe_key) WHERE state <> 'resolved' DO NOTHING RETURNING id`,
    [owner.clinicId, owner.patientId, alert.latest.value ?? null, alert.latest.observedAt, ...values],
  );
  return rows[0]?.id ?? null;
}

/** Writes an alert's new state over its row. */
export async function updateAlert(tx: Tx, id: string, alert: Alert, now: Date): Promise<void> {
  const values = alertValues(alert);
  await tx.query(`UPDATE alerts SET ${SET_LIST}, updated_at = $${values.length + 2} WHERE id = $1`, [id, ...values, now]);
}

/** Appends history rows. */
export async function insertAlertEvents(tx: Tx, alertId: string, events: readonly AlertEventInput[]): Promise<void> {
  for (const e of events) {
    await tx.query('INSERT INTO alert_events (alert_id, at, actor, action, note, detail) VALUES ($1, $2, $3, $4, $5, $6)', [
      alertId,
      e.at,
      e.actor,
      e.action,
      e.note ?? null,
      JSON.stringify(e.detail ?? {}),
    ]);
  }
}
