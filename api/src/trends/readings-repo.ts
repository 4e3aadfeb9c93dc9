/**
 * Raw readings of one metric, a page at a time, in a stable order: measured_at then reading_id
 * (two readings may share an instant). Keyset pagination on the (patient_id, metric, measured_at)
 * index, so page 1,000 costs what page 1 costs.
 */
import type pg from 'pg';
import type { Metric } from '../../../common/src/metrics.ts';
import type { CursorState } from './cursor.ts';
import type { Period } from './period.ts';

export interface ReadingRow {
  reading_id: string;
  /** measured_at with microseconds, UTC, for the cursor */
  exact_at: string;
  measured_at: Date;
  received_at: Date;
  value: number;
  unit: string;
  original_value: number | null;
  original_unit: string | null;
  device_id: string;
  characteristic: string | null;
  flags: string[] | null;
  context: Record<string, unknown> | null;
}

// Fixed fragments per order; the comparison is a row comparison so ties on measured_at continue by id.
const PAGE_SQL = {
  asc: { after: '>', dir: 'ASC' },
  desc: { after: '<', dir: 'DESC' },
} as const;

const pageSql = (order: 'asc' | 'desc', continued: boolean) => `
  SELECT r.reading_id, to_char(r.measured_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS exact_at,
         r.measured_at, r.received_at, r.value, r.unit, r.original_value, r.original_unit, r.device_id,
         r.characteristic, r.flags, r.context
    FROM readings r
   WHERE r.patient_id = $1 AND r.metric = $2 AND r.measured_at >= $3 AND r.measured_at < $4
     ${continued ? `AND (r.measured_at, r.reading_id) ${PAGE_SQL[order].after} ($6::timestamptz, $7::uuid)` : ''}
   ORDER BY r.measured_at ${PAGE_SQL[order].dir}, r.reading_id ${PAGE_SQL[order].dir}
   LIMIT $5`;

/**
 * One page: up to `limit` rows, and whether more follow (one extra row is read to know).
 */
export async function readingsPage(
  db: pg.Pool,
  q: { patientId: string; metric: Metric; period: Period; limit: number; order: 'asc' | 'desc'; after: CursorState | null },
): Promise<{ rows: ReadingRow[]; more: boolean }> {
  const params: unknown[] = [q.patientId, q.metric, new Date(q.period.from), new Date(q.period.to), q.limit + 1];
  if (q.after) params.push(q.after.t, q.after.id);
  const { rows } = await db.query<ReadingRow>(pageSql(q.order, q.after !== null), params);
  return { rows: rows.slice(0, q.limit), more: rows.length > q.limit };
}
