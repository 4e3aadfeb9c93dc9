import type pg from 'pg';

/** One line of a patient's "who viewed my record". */
export interface AccessLogEntry {
  seq: number;
  at: string;
  actor: { name: string; role: string | null };
  action: string;
  resource: string;
  outcome: 'allowed' | 'denied';
  reason: string | null;
}

interface Row {
  seq: number;
  at: string;
  actor: string;
  actor_role: string | null;
  display_name: string | null;
  action: string;
  resource: string;
  reason: string | null;
}

/**
 * The audit entries about a patient, newest first, paged by `seq`, with each actor's display
 * name. Actors are stored as `user:<uuid>`; the name is looked up now, so a renamed account shows
 * its current name (the chain keeps the id).
 *
 * @param excludeActor - leave out the patient's own actions (`user:<id>`), which are noise in "who viewed my record"
 */
export async function accessLogForPatient(db: Pick<pg.Pool, 'query'>, q: { patientId: string; before: number | null; limit: number; excludeActor: string | null }): Promise<AccessLogEntry[]> {
  const { rows } = await db.query<Row>(
    `SELECT a.seq, a.at, a.actor, a.actor_role, u.display_name, a.action, a.resource, a.reason
       FROM audit_log a
       LEFT JOIN users u ON u.id = CASE WHEN a.actor ~ '^user:[0-9a-f-]{36}$' THEN substr(a.actor, 6)::uuid END
      WHERE a.patient_id = $1 AND ($2::bigint IS NULL OR a.seq < $2) AND ($3::text IS NULL OR a.actor <> $3)
      ORDER BY a.seq DESC LIMIT $4`,
    [q.patientId, q.before, q.excludeActor, q.limit],
  );
  return rows.map((r) => ({
    seq: Number(r.seq),
    at: r.at,
    actor: { name: r.display_name ?? (r.actor === 'anonymous' ? 'someone not signed in' : 'a removed account'), role: r.actor_role },
    action: r.action.replace(/\.denied$/, ''),
    resource: r.resource,
    outcome: r.action.endsWith('.denied') ? 'denied' : 'allowed',
    reason: r.reason,
  }));
}
