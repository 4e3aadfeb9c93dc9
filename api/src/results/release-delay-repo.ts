import type pg from 'pg';
import type { ResultCategory } from './categories.ts';

export interface DelaySetting {
  category: ResultCategory;
  hours: number;
}

/** The clinic's release delays; categories without one are released on verification. */
export async function releaseDelays(db: pg.Pool, clinicId: string): Promise<DelaySetting[]> {
  const { rows } = await db.query<{ category: ResultCategory; hours: number }>(
    'SELECT category, (extract(epoch FROM delay) / 3600)::int AS hours FROM result_release_delays WHERE clinic_id = $1 ORDER BY category',
    [clinicId],
  );
  return rows;
}

/** Set the delays given (0 hours: none); categories left out keep theirs. */
export async function saveReleaseDelays(db: pg.Pool, clinicId: string, delays: readonly DelaySetting[], by: string, now: Date): Promise<void> {
  await db.query(
    `INSERT INTO result_release_delays (clinic_id, category, delay, updated_by, updated_at)
     SELECT $1::uuid, c, make_interval(hours => h), $4::uuid, $5::timestamptz FROM unnest($2::text[], $3::int[]) AS t(c, h)
     ON CONFLICT (clinic_id, category) DO UPDATE SET delay = EXCLUDED.delay, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`,
    [clinicId, delays.map((d) => d.category), delays.map((d) => d.hours), by, now],
  );
}
