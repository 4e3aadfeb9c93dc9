import type pg from 'pg';

/** A client inside a transaction; repositories take this so they cannot run outside one by mistake. */
export type Tx = pg.PoolClient;

/**
 * Run `fn` in one transaction (READ COMMITTED) on one pooled connection: committed when it
 * resolves, rolled back when it throws (and rethrown). Row locks taken inside last until the end.
 */
export async function inTransaction<T>(db: pg.Pool, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const client = await db.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
