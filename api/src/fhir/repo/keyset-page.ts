import type pg from 'pg';
import { SqlParams, keysetCondition } from './sql-params.ts';

export interface KeysetQuery {
  /** `SELECT … FROM …` of the rows (no WHERE). */
  select: string;
  /** Conditions built with `params`. */
  where: string;
  params: SqlParams;
  /** The sort column, its SQL type, its exact text form for the cursor, and the id column. */
  at: { column: string; type: string; text: string };
  id: string;
  order: 'asc' | 'desc';
  after: { at: string; id: string } | null;
  /** Rows to fetch: the page size plus one, to know whether another page follows. */
  limit: number;
  withTotal: boolean;
}

/**
 * One page of a single-table search in (sort column, id) order after a keyset, plus the total.
 * Each row comes back with `_at` and `_id`, the cursor of the row.
 */
export async function keysetPage<T>(db: pg.Pool, q: KeysetQuery): Promise<{ rows: Array<T & { _at: string; _id: string }>; total: number | undefined }> {
  const countParams = [...q.params.values];
  const keyset = keysetCondition({ at: q.at.column, id: `${q.id}::text`, atType: q.at.type }, q.order, q.after, q.params);
  const order = q.order === 'desc' ? 'DESC' : 'ASC';
  const { rows } = await db.query<T & { _at: string; _id: string }>(
    `${q.select.replace(/^\s*SELECT/i, `SELECT ${q.at.text} AS _at, ${q.id}::text AS _id,`)} WHERE ${q.where} AND ${keyset}
      ORDER BY ${q.at.column} ${order}, ${q.id}::text ${order} LIMIT ${q.params.add(q.limit)}`,
    q.params.values,
  );
  const total = q.withTotal ? (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${q.select} WHERE ${q.where}) x`, countParams)).rows[0]!.n : undefined;
  return { rows, total };
}
