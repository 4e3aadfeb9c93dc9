import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type pg from 'pg';
import type { Logger } from '../../common/src/logger.ts';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations/', import.meta.url));

/** Any key works as long as every runner uses the same one; this is "vitals_migrate" folded to 63 bits. */
const ADVISORY_LOCK_KEY = 7_263_911_004_215_512n;

export class MigrationChecksumError extends Error {
  override name = 'MigrationChecksumError';
  constructor(readonly version: number, readonly file: string) {
    super(`migration ${file} was edited after it was applied (checksum differs); add a new migration instead`);
  }
}

export class MigrationFileError extends Error {
  override name = 'MigrationFileError';
}

export interface MigrationFile {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

/** Read `NNNN_name.sql` files in version order; refuse gaps in naming and duplicate versions. */
export async function loadMigrations(dir: string = MIGRATIONS_DIR): Promise<MigrationFile[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  const out: MigrationFile[] = [];
  for (const file of files) {
    const m = /^(\d{4})_[a-z0-9_]+\.sql$/.exec(file);
    if (!m) throw new MigrationFileError(`migration file name ${file} does not match NNNN_name.sql`);
    const version = Number(m[1]);
    if (out.some((x) => x.version === version)) throw new MigrationFileError(`duplicate migration version ${version}`);
    const sql = await readFile(path.join(dir, file), 'utf8');
    out.push({ version, name: file, sql, checksum: createHash('sha256').update(sql).digest('hex') });
  }
  return out;
}

export interface MigrateResult {
  applied: string[];
  skipped: number;
}

/**
 * Apply pending migrations, each in its own transaction, under a session advisory lock so that
 * two starters (several replicas, or the start and test commands) never race: the second waits,
 * then finds everything applied. An applied migration whose file changed is refused.
 */
export async function migrate(pool: pg.Pool, opts: { dir?: string; logger?: Logger } = {}): Promise<MigrateResult> {
  const migrations = await loadMigrations(opts.dir);
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [ADVISORY_LOCK_KEY.toString()]);
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version integer PRIMARY KEY,
        name text NOT NULL,
        checksum text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
      const { rows } = await client.query<{ version: number; checksum: string }>('SELECT version, checksum FROM schema_migrations');
      const done = new Map(rows.map((r) => [r.version, r.checksum]));
      const applied: string[] = [];
      for (const m of migrations) {
        const checksum = done.get(m.version);
        if (checksum !== undefined) {
          if (checksum !== m.checksum) throw new MigrationChecksumError(m.version, m.name);
          continue;
        }
        await client.query('BEGIN');
        try {
          await client.query(m.sql);
          await client.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [m.version, m.name, m.checksum]);
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK');
          throw new Error(`migration ${m.name} failed: ${(err as Error).message}`, { cause: err });
        }
        applied.push(m.name);
        opts.logger?.info({ migration: m.name }, 'migration applied');
      }
      return { applied, skipped: migrations.length - applied.length };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [ADVISORY_LOCK_KEY.toString()]);
    }
  } finally {
    client.release();
  }
}
