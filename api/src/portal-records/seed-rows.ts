import type pg from 'pg';

/**
 * Insert demo rows that may already be there (fixed ids): ON CONFLICT DO NOTHING makes a feature
 * seed safe to run on every start. Table and column names come from the seed's own constants,
 * never from input; values are parameters.
 *
 * @param rows - objects with the same keys, the table's column names
 */
export async function seedRows(db: pg.Pool | pg.PoolClient, table: string, rows: ReadonlyArray<Record<string, unknown>>): Promise<void> {
  const first = rows[0];
  if (!first) return;
  const columns = Object.keys(first);
  const values: unknown[] = [];
  const tuples = rows.map((row) => `(${columns.map((col) => `$${values.push(toParam(row[col]))}`).join(', ')})`);
  await db.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')} ON CONFLICT DO NOTHING`, values);
}

// pg sends JS arrays as PostgreSQL arrays; jsonb columns take plain objects and arrays of objects as JSON text
const toParam = (v: unknown): unknown => (v !== null && typeof v === 'object' && !(v instanceof Date) && !(Array.isArray(v) && v.every((x) => typeof x !== 'object')) ? JSON.stringify(v) : v ?? null);
