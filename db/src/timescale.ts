import type pg from 'pg';

export interface TimescalePolicies {
  /** Compress chunks older than this PostgreSQL interval, e.g. '7 days'. */
  compressAfter: string;
  /** Drop chunks older than this interval; null keeps everything. */
  retainFor: string | null;
}

/** Whether the readings table is a TimescaleDB hypertable in this database. */
export async function hasTimescale(db: pg.Pool | pg.PoolClient): Promise<boolean> {
  const { rows } = await db.query<{ ok: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') AS ok`,
  );
  return rows[0]?.ok === true;
}

/**
 * Apply compression and retention policies from configuration (idempotent: replaces existing ones).
 * A no-op on plain PostgreSQL, where the rollup job and explicit deletes do the same work.
 */
export async function applyTimescalePolicies(db: pg.Pool, p: TimescalePolicies): Promise<boolean> {
  if (!(await hasTimescale(db))) return false;
  await db.query(`SELECT remove_compression_policy('readings', if_exists => true)`);
  await db.query(`SELECT add_compression_policy('readings', $1::interval)`, [p.compressAfter]);
  await db.query(`SELECT remove_retention_policy('readings', if_exists => true)`);
  if (p.retainFor) await db.query(`SELECT add_retention_policy('readings', $1::interval)`, [p.retainFor]);
  return true;
}
