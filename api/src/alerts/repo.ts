import type pg from 'pg';
import type { AlertState } from '../../../alerts/src/rules/lifecycle.ts';
import type { Severity } from '../../../alerts/src/rules/severity.ts';
import { toStoredAlert, type AlertRow } from '../../../alerts/src/store/alert-row.ts';
import { alertView } from './view.ts';

export interface AlertFilter {
  states?: AlertState[] | undefined;
  severities?: Severity[] | undefined;
  limit: number;
}

const UNRESOLVED: AlertState[] = ['open', 'acknowledged', 'snoozed'];

/**
 * The state as of `$now`: a snooze whose end has passed reads as the state it was snoozed from,
 * so "open" finds alerts whose snooze ran out without anyone writing that down.
 */
const EFFECTIVE_STATE = "CASE WHEN a.state = 'snoozed' AND a.snoozed_until <= $2 THEN a.snooze_resume_to ELSE a.state END";

/** Most severe first, then most recent. */
const ORDER = "array_position(ARRAY['urgent', 'high', 'low', 'info'], a.severity), a.latest_at DESC, a.id";

type InboxRow = AlertRow & { given_name: string; family_name: string; mrn: string };

/**
 * Alerts of the patients in the clinician's care teams, with who the patient is: the clinician's
 * inbox. The care-team condition is part of the query, so no route can forget it.
 */
export async function clinicianInbox(db: pg.Pool, clinicianId: string, filter: AlertFilter, now: Date) {
  const { rows } = await db.query<InboxRow>(
    `SELECT a.*, p.given_name, p.family_name, p.mrn FROM alerts a JOIN patients p ON p.id = a.patient_id
      WHERE EXISTS (SELECT 1 FROM care_team_patients tp JOIN care_team_members m ON m.care_team_id = tp.care_team_id
                     WHERE tp.patient_id = a.patient_id AND m.user_id = $1)
        AND ${EFFECTIVE_STATE} = ANY($3::text[]) AND ($4::text[] IS NULL OR a.severity = ANY($4::text[]))
      ORDER BY ${ORDER} LIMIT $5`,
    [clinicianId, now, filter.states ?? UNRESOLVED, filter.severities ?? null, filter.limit],
  );
  return rows.map((r) => ({ ...alertView(toStoredAlert(r), now), patient: { id: r.patient_id, name: `${r.given_name} ${r.family_name}`, mrn: r.mrn } }));
}

/** One patient's alerts, newest first within severity. */
export async function patientAlerts(db: pg.Pool, patientId: string, filter: AlertFilter, now: Date) {
  const { rows } = await db.query<AlertRow>(
    `SELECT a.* FROM alerts a WHERE a.patient_id = $1 AND ${EFFECTIVE_STATE} = ANY($3::text[]) AND ($4::text[] IS NULL OR a.severity = ANY($4::text[]))
      ORDER BY ${ORDER} LIMIT $5`,
    [patientId, now, filter.states ?? UNRESOLVED, filter.severities ?? null, filter.limit],
  );
  return rows.map((r) => alertView(toStoredAlert(r), now));
}

/** One alert of the patient with its history (transitions, escalations, notes), or null. */
export async function alertDetail(db: pg.Pool, patientId: string, alertId: string, now: Date) {
  const { rows } = await db.query<AlertRow>('SELECT * FROM alerts WHERE id = $1 AND patient_id = $2', [alertId, patientId]);
  if (!rows[0]) return null;
  const events = await db.query<{ at: Date; actor: string; action: string; note: string | null; detail: Record<string, unknown> }>(
    'SELECT at, actor, action, note, detail FROM alert_events WHERE alert_id = $1 ORDER BY id',
    [alertId],
  );
  return { ...alertView(toStoredAlert(rows[0]), now), history: events.rows.map((e) => ({ ...e, at: e.at.toISOString() })) };
}

/** Whether the clinician is in a care team of the patient (the live stream's filter). */
export async function inCareTeam(db: pg.Pool, clinicianId: string, patientId: string): Promise<boolean> {
  const { rows } = await db.query<{ ok: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM care_team_members m JOIN care_team_patients tp ON tp.care_team_id = m.care_team_id
                     WHERE m.user_id = $1 AND tp.patient_id = $2) AS ok`,
    [clinicianId, patientId],
  );
  return rows[0]?.ok === true;
}
