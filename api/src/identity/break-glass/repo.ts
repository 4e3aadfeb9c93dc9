import type pg from 'pg';
import { iso } from '../http/schemas.ts';

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

/** An emergency access as the reviewing administrator sees it. */
export interface BreakGlassView {
  id: string;
  clinician: { id: string; displayName: string; role: string };
  patient: { id: string; name: string };
  reason: string;
  grantedAt: string;
  expiresAt: string;
  review: { at: string; by: string; outcome: string; note: string | null } | null;
}

interface Row {
  id: string;
  clinician_id: string;
  clinician_name: string;
  clinician_role: string;
  patient_id: string;
  patient_name: string;
  reason: string;
  granted_at: Date;
  expires_at: Date;
  reviewed_at: Date | null;
  reviewed_by: string | null;
  review_outcome: string | null;
  review_note: string | null;
}

const SELECT = `SELECT b.id, b.clinician_id, u.display_name AS clinician_name, u.role AS clinician_role, b.patient_id,
                       p.given_name || ' ' || p.family_name AS patient_name, b.reason, b.granted_at, b.expires_at,
                       b.reviewed_at, b.reviewed_by, b.review_outcome, b.review_note
                  FROM break_glass b JOIN users u ON u.id = b.clinician_id JOIN patients p ON p.id = b.patient_id`;

function view(r: Row): BreakGlassView {
  return {
    id: r.id,
    clinician: { id: r.clinician_id, displayName: r.clinician_name, role: r.clinician_role },
    patient: { id: r.patient_id, name: r.patient_name },
    reason: r.reason,
    grantedAt: iso(r.granted_at),
    expiresAt: iso(r.expires_at),
    review: r.reviewed_at ? { at: iso(r.reviewed_at), by: r.reviewed_by!, outcome: r.review_outcome!, note: r.review_note } : null,
  };
}

/** Record an emergency access; it ends by itself at `expiresAt`. */
export async function insertBreakGlass(db: Queryable, g: { userId: string; patientId: string; reason: string; now: Date; expiresAt: Date }): Promise<{ id: string }> {
  const { rows } = await db.query<{ id: string }>('INSERT INTO break_glass (clinician_id, patient_id, reason, granted_at, expires_at) VALUES ($1, $2, $3, $4, $5) RETURNING id', [g.userId, g.patientId, g.reason, g.now, g.expiresAt]);
  return rows[0]!;
}

/** Emergency accesses to the clinic's patients, oldest unreviewed first (or all, newest first). */
export async function listBreakGlass(db: Queryable, clinicId: string, onlyUnreviewed: boolean, limit: number): Promise<BreakGlassView[]> {
  const { rows } = await db.query<Row>(
    `${SELECT} WHERE p.clinic_id = $1 AND ($2::boolean IS FALSE OR b.reviewed_at IS NULL)
      ORDER BY CASE WHEN $2::boolean THEN b.granted_at END ASC, b.granted_at DESC LIMIT $3`,
    [clinicId, onlyUnreviewed, limit],
  );
  return rows.map(view);
}

/** One emergency access to the clinic's patients, or null. */
export async function findBreakGlass(db: Queryable, clinicId: string, id: string): Promise<BreakGlassView | null> {
  const { rows } = await db.query<Row>(`${SELECT} WHERE p.clinic_id = $1 AND b.id = $2`, [clinicId, id]);
  return rows[0] ? view(rows[0]) : null;
}

/** Store the review; false when it was reviewed already (by a concurrent request). */
export async function reviewBreakGlass(db: Queryable, r: { id: string; reviewerId: string; outcome: string; note: string | null; now: Date }): Promise<boolean> {
  const res = await db.query('UPDATE break_glass SET reviewed_at = $2, reviewed_by = $3, review_outcome = $4, review_note = $5 WHERE id = $1 AND reviewed_at IS NULL', [r.id, r.now, r.reviewerId, r.outcome, r.note]);
  return res.rowCount === 1;
}
