import type pg from 'pg';
import { ConflictError, NotFoundError } from '../../../common/src/errors/index.ts';
import type { Flag } from './flags.ts';

interface TaskRow {
  id: string;
  patient_id: string;
  status: 'open' | 'done';
  created_at: Date;
  completed_at: Date | null;
  completed_by: string | null;
  completed_by_name: string | null;
  completion_note: string | null;
  given_name: string;
  family_name: string;
  mrn: string;
  phone: string | null;
  result_id: string | null;
  display_name: string | null;
  value_numeric: number | null;
  value_text: string | null;
  unit: string | null;
  flag: Flag | null;
}

const SELECT_TASK = `
  SELECT t.id, t.patient_id, t.status, t.created_at, t.completed_at, t.completed_by, cu.display_name AS completed_by_name, t.completion_note,
         p.given_name, p.family_name, p.mrn, p.phone,
         t.result_id, r.display_name, r.value_numeric, r.value_text, r.unit, r.flag
    FROM care_tasks t JOIN patients p ON p.id = t.patient_id
    LEFT JOIN lab_results r ON r.id = t.result_id LEFT JOIN users cu ON cu.id = t.completed_by`;

const toTask = (t: TaskRow) => ({
  id: t.id,
  kind: 'call_patient_critical_result' as const,
  status: t.status,
  patient: { id: t.patient_id, name: `${t.given_name} ${t.family_name}`, mrn: t.mrn, phone: t.phone },
  result: t.result_id ? { id: t.result_id, displayName: t.display_name ?? '', value: t.value_numeric ?? t.value_text ?? '', unit: t.unit, flag: t.flag } : null,
  createdAt: t.created_at.toISOString(),
  completedAt: t.completed_at?.toISOString() ?? null,
  completedBy: t.completed_by ? { id: t.completed_by, displayName: t.completed_by_name ?? '' } : null,
  note: t.completion_note,
});

/** Tasks for patients of the clinician's care teams, oldest open first (they wait longest). */
export async function tasksForClinician(db: pg.Pool, userId: string, status: 'open' | 'done' | 'all') {
  const { rows } = await db.query<TaskRow>(
    `${SELECT_TASK}
      WHERE EXISTS (SELECT 1 FROM care_team_members m JOIN care_team_patients tp ON tp.care_team_id = m.care_team_id WHERE m.user_id = $1 AND tp.patient_id = t.patient_id)
        AND ($2 = 'all' OR t.status = $2)
      ORDER BY t.status = 'done', t.created_at`,
    [userId, status],
  );
  return rows.map(toTask);
}

/** @throws NotFoundError when there is no such task */
export async function taskPatient(db: pg.Pool, taskId: string): Promise<string> {
  const { rows } = await db.query<{ patient_id: string }>('SELECT patient_id FROM care_tasks WHERE id = $1', [taskId]);
  if (!rows[0]) throw new NotFoundError('no such task');
  return rows[0].patient_id;
}

/**
 * Mark a task done, with who, when and what was done.
 * @throws ConflictError when it is already done
 */
export async function completeTask(db: pg.Pool, taskId: string, userId: string, note: string, now: Date) {
  const r = await db.query("UPDATE care_tasks SET status = 'done', completed_at = $3, completed_by = $2, completion_note = $4 WHERE id = $1 AND status = 'open'", [taskId, userId, now, note]);
  if (!r.rowCount) throw new ConflictError('this task is already done');
  const { rows } = await db.query<TaskRow>(`${SELECT_TASK} WHERE t.id = $1`, [taskId]);
  return toTask(rows[0]!);
}

/** Everyone in the patient's care teams: they share the calls. */
export async function careTeamOf(db: pg.Pool, patientId: string): Promise<string[]> {
  const { rows } = await db.query<{ user_id: string }>(
    'SELECT DISTINCT m.user_id FROM care_team_members m JOIN care_team_patients tp ON tp.care_team_id = m.care_team_id WHERE tp.patient_id = $1',
    [patientId],
  );
  return rows.map((r) => r.user_id);
}
