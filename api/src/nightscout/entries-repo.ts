import type pg from 'pg';
import type { SgvRow } from './entries.ts';

export interface EntriesQuery {
  patientId: string;
  /** Bounds on `date` (epoch ms). */
  gte?: number | undefined;
  gt?: number | undefined;
  lte?: number | undefined;
  lt?: number | undefined;
  count: number;
  /** A Nightscout `_id` (24 hex characters): the reading whose id starts with it. */
  id?: string | undefined;
}

/**
 * A patient's sensor glucose readings, newest first: every CGM reading, whether a BLE CGM sent it
 * through a gateway or an uploader through this API. One extra row is read past `count`, so the
 * oldest entry served still gets its delta.
 */
export async function sgvReadings(db: pg.Pool, q: EntriesQuery): Promise<{ rows: SgvRow[]; older: SgvRow | undefined }> {
  const { rows } = await db.query<SgvRow>(
    `SELECT r.reading_id AS "readingId", (extract(epoch FROM r.measured_at) * 1000)::float8 AS date, r.value,
            coalesce(r.context->>'uploader', nullif(concat_ws(' ', d.manufacturer, d.model), ''), d.device_key) AS device,
            r.context->>'direction' AS direction, (r.context->>'noise')::float8 AS noise
       FROM readings r JOIN devices d ON d.id = r.device_id
      WHERE r.patient_id = $1 AND r.metric = 'glucose' AND (d.type = 'cgm' OR r.characteristic = '2AA7')
        AND ($2::timestamptz IS NULL OR r.measured_at >= $2) AND ($3::timestamptz IS NULL OR r.measured_at > $3)
        AND ($4::timestamptz IS NULL OR r.measured_at <= $4) AND ($5::timestamptz IS NULL OR r.measured_at < $5)
        AND ($6::text IS NULL OR replace(r.reading_id::text, '-', '') LIKE $6 || '%')
      ORDER BY r.measured_at DESC
      LIMIT $7`,
    [q.patientId, ms(q.gte), ms(q.gt), ms(q.lte), ms(q.lt), q.id ?? null, q.count + 1],
  );
  return { rows: rows.slice(0, q.count), older: rows[q.count] };
}

const ms = (v: number | undefined) => (v === undefined ? null : new Date(v));
