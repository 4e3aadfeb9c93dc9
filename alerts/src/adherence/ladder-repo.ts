/**
 * What the adherence ladder reads and writes: the running enrolments with their programme's steps,
 * active run and newest reading (one query for all), and — inside one transaction per enrolment —
 * the run itself.
 */
import type pg from 'pg';
import { METRIC_NAMES } from '../../../common/src/metrics.ts';
import type { Tx } from '../store/transaction.ts';
import type { LadderAction, LadderRun, LadderStep } from './ladder.ts';

export interface LadderCandidate {
  enrolmentId: string;
  patientId: string;
  careTeamId: string;
  enrolledAt: Date;
  steps: LadderStep[];
  run: (LadderRun & { id: string }) | null;
  lastReadingAt: Date | null;
}

/** A step done, as `rpm_ladder_runs.fired` keeps it. */
export interface FiredStep {
  step: number;
  action: LadderAction;
  at: string;
}

interface CandidateRow {
  enrolment_id: string;
  patient_id: string;
  care_team_id: string;
  started_at: Date;
  steps: LadderStep[];
  run_id: string | null;
  gap_since: Date | null;
  fired: FiredStep[] | null;
  last_reading_at: Date | null;
}

// The newest reading per metric is one index probe each on (patient_id, metric, measured_at DESC).
const CANDIDATES_SQL = `
  SELECT e.id AS enrolment_id, e.patient_id, e.care_team_id, e.started_at,
         COALESCE((SELECT json_agg(json_build_object('step', s.step, 'action', s.action, 'afterHours', s.after_hours) ORDER BY s.step)
                     FROM rpm_ladder_steps s WHERE s.program_id = e.program_id AND s.enabled), '[]') AS steps,
         run.id AS run_id, run.gap_since, run.fired,
         (SELECT max(x.at) FROM unnest($2::text[]) AS m(metric)
            CROSS JOIN LATERAL (SELECT r.measured_at AS at FROM readings r WHERE r.patient_id = e.patient_id AND r.metric = m.metric ORDER BY r.measured_at DESC LIMIT 1) AS x) AS last_reading_at
    FROM rpm_enrolments e
    LEFT JOIN rpm_ladder_runs run ON run.enrolment_id = e.id AND run.state = 'active'
   WHERE e.started_at <= $1 AND (e.ended_at IS NULL OR e.ended_at > $1)`;

const toCandidate = (r: CandidateRow): LadderCandidate => ({
  enrolmentId: r.enrolment_id,
  patientId: r.patient_id,
  careTeamId: r.care_team_id,
  enrolledAt: r.started_at,
  steps: r.steps,
  run: r.run_id && r.gap_since ? { id: r.run_id, gapSince: r.gap_since.getTime(), fired: (r.fired ?? []).map((f) => f.step) } : null,
  lastReadingAt: r.last_reading_at,
});

/** Every enrolment running at `now`, with what the ladder needs to decide. */
export async function loadLadderCandidates(db: Pick<pg.Pool, 'query'>, now: Date): Promise<LadderCandidate[]> {
  return (await db.query<CandidateRow>(CANDIDATES_SQL, [now, METRIC_NAMES])).rows.map(toCandidate);
}

/**
 * Lock the enrolment's ladder for this transaction and read its active run again: a concurrent
 * tick (another worker, a retried job) waits here and then sees what the first one did.
 */
export async function lockActiveRun(tx: Tx, enrolmentId: string): Promise<(LadderRun & { id: string }) | null> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('rpm-ladder:' || $1::text, 0))`, [enrolmentId]);
  const { rows } = await tx.query<{ id: string; gap_since: Date; fired: FiredStep[] }>(`SELECT id, gap_since, fired FROM rpm_ladder_runs WHERE enrolment_id = $1 AND state = 'active'`, [enrolmentId]);
  const r = rows[0];
  return r ? { id: r.id, gapSince: r.gap_since.getTime(), fired: r.fired.map((f) => f.step) } : null;
}

/** End a run because a reading came; its open tasks close with it. */
export async function cancelRun(tx: Tx, runId: string, now: Date): Promise<void> {
  await tx.query(`UPDATE rpm_ladder_runs SET state = 'cancelled', cancelled_at = $2, updated_at = $2 WHERE id = $1`, [runId, now]);
  await tx.query(`UPDATE rpm_tasks SET status = 'closed', closed_at = $2, close_reason = 'a reading arrived' WHERE ladder_run_id = $1 AND status = 'open'`, [runId, now]);
}

/** The active run of a gap, created when its first step fires. */
export async function openRun(tx: Tx, c: Pick<LadderCandidate, 'enrolmentId' | 'patientId'>, gapSince: Date, now: Date): Promise<string> {
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO rpm_ladder_runs (enrolment_id, patient_id, gap_since, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING id`,
    [c.enrolmentId, c.patientId, gapSince, now],
  );
  return rows[0]!.id;
}

export async function recordFired(tx: Tx, runId: string, fired: FiredStep, now: Date): Promise<void> {
  await tx.query(`UPDATE rpm_ladder_runs SET fired = fired || $2::jsonb, updated_at = $3 WHERE id = $1`, [runId, JSON.stringify([fired]), now]);
}
