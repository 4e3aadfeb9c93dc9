import type pg from 'pg';
import { POOLS, type Pool } from './topics.ts';

/**
 * Response times per pool for threads a clinic's patients opened in [from, to): from the patient's
 * first message (the thread's creation) to the first message by staff. Threads still unanswered
 * count in `unanswered` and not in the times, which describe answered threads only.
 */
export async function responseTimeMetrics(db: pg.Pool, clinicId: string, from: Date, to: Date) {
  const { rows } = await db.query<{ pool: Pool; threads: number; answered: number; median_s: number | null; p90_s: number | null; mean_s: number | null }>(
    `WITH firsts AS (
       SELECT t.pool,
              extract(epoch FROM (SELECT min(m.sent_at) FROM messages m WHERE m.thread_id = t.id AND m.author_role IN ('clinician', 'admin')) - t.created_at) AS wait_s
         FROM message_threads t WHERE t.clinic_id = $1 AND t.created_at >= $2 AND t.created_at < $3)
     SELECT pool, count(*)::int AS threads, count(wait_s)::int AS answered,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY wait_s) AS median_s,
            percentile_cont(0.9) WITHIN GROUP (ORDER BY wait_s) AS p90_s,
            avg(wait_s)::float8 AS mean_s
       FROM firsts GROUP BY pool`,
    [clinicId, from, to],
  );
  const minutes = (s: number | null) => (s === null ? null : Math.round((s / 60) * 10) / 10);
  return POOLS.map((pool) => {
    const r = rows.find((x) => x.pool === pool);
    return {
      pool,
      threads: r?.threads ?? 0,
      answered: r?.answered ?? 0,
      unanswered: (r?.threads ?? 0) - (r?.answered ?? 0),
      medianMinutes: minutes(r?.median_s ?? null),
      p90Minutes: minutes(r?.p90_s ?? null),
      meanMinutes: minutes(r?.mean_s ?? null),
    };
  });
}
