/**
 * Whether the test server runs TimescaleDB, for `it.skipIf(!hasTimescale)`: checked once per test
 * file at collection time, with a visible notice when the TimescaleDB-only tests are skipped.
 */
import pg from 'pg';
import { ADMIN_URL } from '../../../../test/support/test-db.ts';

export async function probeTimescale(what: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    // the same test as 0002_timescale.sql: available and preloaded
    const { rows } = await client.query<{ ok: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb')
              AND coalesce(current_setting('shared_preload_libraries', true), '') LIKE '%timescaledb%' AS ok`,
    );
    const ok = rows[0]?.ok === true;
    if (!ok) console.warn(`[${what}] TimescaleDB is not installed on the test server: its tests are skipped; the plain-PostgreSQL path is tested.`);
    return ok;
  } finally {
    await client.end();
  }
}
