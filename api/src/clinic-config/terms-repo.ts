import type pg from 'pg';
import { ConflictError } from '../../../common/src/errors/index.ts';

export const TERMS_KINDS = ['terms_of_use', 'privacy_policy'] as const;
export type TermsKind = (typeof TERMS_KINDS)[number];

/** One published version of the terms of use or the privacy policy. */
export interface TermsVersion {
  kind: TermsKind;
  version: number;
  title: string;
  body: string;
  effectiveAt: string;
}

type Db = Pick<pg.Pool, 'query'>;

interface TermsRow {
  id: string;
  kind: TermsKind;
  version: number;
  title: string;
  body: string;
  effective_at: Date;
}

const toTerms = (r: TermsRow): TermsVersion => ({ kind: r.kind, version: r.version, title: r.title, body: r.body, effectiveAt: r.effective_at.toISOString() });

/** The version of each kind in effect at `now`: the highest one whose effective time has come. */
const CURRENT = `SELECT DISTINCT ON (kind) id, kind, version, title, body, effective_at
                   FROM terms_versions WHERE effective_at <= $1 ORDER BY kind, version DESC`;

/** The terms in effect now, one per kind (a kind never published is absent). */
export async function currentTerms(db: Db, now: Date): Promise<TermsVersion[]> {
  const { rows } = await db.query<TermsRow>(CURRENT, [now]);
  return rows.map(toTerms);
}

/**
 * The current terms a user has not accepted yet. The sign-in flow calls this once the user is
 * authenticated: a non-empty list means the portal must show these documents and have the user
 * accept them (POST /v1/me/terms/accept) before anything else. See docs/appointments.md ("Terms").
 *
 * @example
 * const pending = await pendingTerms(db, user.id, clock.now());
 * return c.json({ ...signedIn, termsPending: pending.map((t) => ({ kind: t.kind, version: t.version })) });
 */
export async function pendingTerms(db: Db, userId: string, now: Date = new Date()): Promise<TermsVersion[]> {
  const { rows } = await db.query<TermsRow>(
    `SELECT cur.* FROM (${CURRENT}) cur
      WHERE NOT EXISTS (SELECT 1 FROM terms_acceptances a WHERE a.user_id = $2 AND a.terms_version_id = cur.id)`,
    [now, userId],
  );
  return rows.map(toTerms);
}

/**
 * Record that a user accepted a version. Only the current version can be accepted: accepting an
 * old one would not satisfy pendingTerms, and a future one is not in effect yet.
 * @throws ConflictError when the version is not the current one of its kind
 */
export async function acceptTerms(db: Db, a: { userId: string; kind: TermsKind; version: number; now: Date }): Promise<void> {
  const { rows } = await db.query<{ id: string }>(`SELECT id FROM (${CURRENT}) cur WHERE kind = $2 AND version = $3`, [a.now, a.kind, a.version]);
  const current = rows[0];
  if (!current) throw new ConflictError(`version ${a.version} is not the current ${a.kind.replace('_', ' ')}; read the current version and accept that one`);
  await db.query('INSERT INTO terms_acceptances (user_id, terms_version_id, accepted_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [a.userId, current.id, a.now]);
}

/**
 * Publish the next version of a kind (numbered one above the latest). Users are asked to accept it
 * at their first sign-in once it is in effect.
 * @throws ConflictError when another publication took the same number at the same moment
 */
export async function publishTerms(db: Db, t: { kind: TermsKind; title: string; body: string; effectiveAt: Date; by: string }): Promise<TermsVersion> {
  const { rows } = await db.query<TermsRow>(
    `INSERT INTO terms_versions (kind, version, title, body, effective_at, published_by)
     SELECT $1, COALESCE(MAX(version), 0) + 1, $2, $3, $4, $5 FROM terms_versions WHERE kind = $1
     ON CONFLICT (kind, version) DO NOTHING
     RETURNING id, kind, version, title, body, effective_at`,
    [t.kind, t.title, t.body, t.effectiveAt, t.by],
  );
  if (!rows[0]) throw new ConflictError('another version was published at the same moment; try again');
  return toTerms(rows[0]);
}
