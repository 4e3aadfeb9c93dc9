import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { createPool } from '../../db/src/pool.ts';
import { loadMigrations, migrate } from '../../db/src/migrate.ts';

/** The server the tests use: the machine's PostgreSQL (CI starts it when it is down). */
export const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export function dbUrl(name: string): string {
  const u = new URL(ADMIN_URL);
  u.pathname = '/' + name;
  return u.toString();
}

async function withAdmin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/**
 * A migrated template database named after the migrations' checksums, built once and reused while
 * the migrations are unchanged. Built under another name and renamed, so a half-built template is
 * never visible to a concurrent run.
 */
export async function ensureTemplate(): Promise<string> {
  const migrations = await loadMigrations();
  const digest = createHash('sha256').update(migrations.map((m) => m.checksum).join()).digest('hex').slice(0, 12);
  const name = `vitals_tpl_${digest}`;
  return withAdmin(async (admin) => {
    await admin.query('SELECT pg_advisory_lock(8101)');
    try {
      const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (rowCount) return name;
      const building = `${name}_build_${randomBytes(3).toString('hex')}`;
      await admin.query(`CREATE DATABASE ${building}`);
      const pool = createPool(dbUrl(building), { max: 2 });
      try {
        await migrate(pool);
      } finally {
        await pool.end();
      }
      await admin.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
      return name;
    } finally {
      await admin.query('SELECT pg_advisory_unlock(8101)');
    }
  });
}

export interface TestDb {
  name: string;
  url: string;
  pool: pg.Pool;
  drop(): Promise<void>;
}

/** A fresh database cloned from the migrated template: each test file gets its own rows. */
export async function createTestDb(template: string, opts: { poolMax?: number } = {}): Promise<TestDb> {
  const name = `vitals_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withAdmin((admin) => admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
  const url = dbUrl(name);
  const pool = createPool(url, { max: opts.poolMax ?? 5, applicationName: 'vitals-test' });
  return {
    name,
    url,
    pool,
    async drop() {
      await pool.end();
      await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

/** An empty, unmigrated database, for tests of the migration runner itself. */
export async function createEmptyDb(): Promise<TestDb> {
  return createTestDb('template0');
}
