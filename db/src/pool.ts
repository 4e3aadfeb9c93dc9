import pg from 'pg';

// int8 (bigint, count(*)) as JS numbers: our counts and ids stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export type Db = pg.Pool;

/** A connection pool; the caller owns it and ends it on shutdown. */
export function createPool(connectionString: string, opts: { max?: number; applicationName?: string; onIdleError?: (err: Error) => void } = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    max: opts.max ?? 10,
    application_name: opts.applicationName ?? 'vitals',
    idleTimeoutMillis: 30_000,
  });
  // An idle client dies when the server restarts; without a listener that error would crash the
  // process. The pool replaces the client on the next checkout.
  pool.on('error', opts.onIdleError ?? (() => undefined));
  // A checked-out client between two queries (inside a transaction) has no pool listener; if the
  // server goes away then, its 'error' event would be uncaught. The failure still reaches the
  // caller through the next query's rejection.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}
