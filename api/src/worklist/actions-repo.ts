/**
 * What clinicians record on the worklist: who has claimed a patient, notes, and the review of a
 * period. One team's records never show on another team's worklist.
 */
import type pg from 'pg';
import { ConflictError } from '../../../common/src/errors/index.ts';

type Db = Pick<pg.Pool, 'query'>;

export interface Claim {
  userId: string;
  at: string;
}

/**
 * Claim a patient for the caller. Claiming one's own claim again renews it.
 *
 * @throws ConflictError when another clinician holds the claim (they release it first)
 */
export async function claimPatient(db: Db, teamId: string, patientId: string, userId: string, now: Date): Promise<Claim> {
  const { rows } = await db.query<{ claimed_at: Date }>(
    `INSERT INTO worklist_claims (care_team_id, patient_id, claimed_by, claimed_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (care_team_id, patient_id) DO UPDATE SET claimed_at = EXCLUDED.claimed_at WHERE worklist_claims.claimed_by = EXCLUDED.claimed_by
     RETURNING claimed_at`,
    [teamId, patientId, userId, now],
  );
  if (!rows[0]) throw new ConflictError('another clinician has claimed this patient; they must release the claim first');
  return { userId, at: rows[0].claimed_at.toISOString() };
}

/**
 * Release the caller's claim; releasing nothing is fine (idempotent).
 *
 * @throws ConflictError when the claim is another clinician's
 */
export async function releaseClaim(db: Db, teamId: string, patientId: string, userId: string): Promise<void> {
  const { rows } = await db.query<{ mine: boolean; held: boolean }>(
    `WITH gone AS (DELETE FROM worklist_claims WHERE care_team_id = $1 AND patient_id = $2 AND claimed_by = $3 RETURNING 1)
     SELECT EXISTS (SELECT 1 FROM gone) AS mine, EXISTS (SELECT 1 FROM worklist_claims WHERE care_team_id = $1 AND patient_id = $2) AS held`,
    [teamId, patientId, userId],
  );
  const r = rows[0]!;
  if (!r.mine && r.held) throw new ConflictError('the claim belongs to another clinician');
}

export interface Note {
  id: string;
  text: string;
  authorId: string;
  at: string;
}

export async function addNote(db: Db, teamId: string, patientId: string, authorId: string, text: string, now: Date): Promise<Note> {
  const { rows } = await db.query<{ id: string }>('INSERT INTO worklist_notes (care_team_id, patient_id, author_id, text, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id', [teamId, patientId, authorId, text, now]);
  return { id: rows[0]!.id, text, authorId, at: now.toISOString() };
}

export interface Review {
  period: string;
  by: string;
  at: string;
}

/** Mark the patient reviewed for a period (`YYYY-MM`); marking again records the latest review. */
export async function markReviewed(db: Db, teamId: string, patientId: string, period: string, userId: string, now: Date): Promise<Review> {
  await db.query(
    `INSERT INTO worklist_reviews (care_team_id, patient_id, period, reviewed_by, reviewed_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (care_team_id, patient_id, period) DO UPDATE SET reviewed_by = EXCLUDED.reviewed_by, reviewed_at = EXCLUDED.reviewed_at`,
    [teamId, patientId, period, userId, now],
  );
  return { period, by: userId, at: now.toISOString() };
}
