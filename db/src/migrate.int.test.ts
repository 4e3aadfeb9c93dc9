import { mkdtemp, writeFile, cp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEmptyDb } from '../../test/support/test-db.ts';
import { MIGRATIONS_DIR, MigrationChecksumError, migrate } from './migrate.ts';
import { useTestDb } from '../../test/support/db-fixture.ts';

describe('migration runner', () => {
  it('applies every migration from empty and is idempotent on re-run', async () => {
    const db = await createEmptyDb();
    try {
      const first = await migrate(db.pool);
      expect(first.applied.length).toBeGreaterThanOrEqual(2);
      const second = await migrate(db.pool);
      expect(second.applied).toEqual([]);
      expect(second.skipped).toBe(first.applied.length);
      const { rows } = await db.pool.query("SELECT to_regclass('readings') IS NOT NULL AS ok");
      expect(rows[0].ok).toBe(true);
    } finally {
      await db.drop();
    }
  });

  it('two concurrent runners apply each migration exactly once', async () => {
    const db = await createEmptyDb();
    try {
      const [a, b] = await Promise.all([migrate(db.pool), migrate(db.pool)]);
      const total = a.applied.length + b.applied.length;
      const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM schema_migrations');
      expect(total).toBe(rows[0].n);
      // one runner did all the work; the other waited on the lock and found nothing to do
      expect([a.applied.length, b.applied.length].sort()).toEqual([0, rows[0].n]);
    } finally {
      await db.drop();
    }
  });

  it('refuses a migration edited after it was applied', async () => {
    const db = await createEmptyDb();
    const dir = await mkdtemp(path.join(tmpdir(), 'vitals-mig-'));
    try {
      await cp(MIGRATIONS_DIR, dir, { recursive: true });
      await migrate(db.pool, { dir });
      await writeFile(path.join(dir, '0001_core.sql'), '-- edited\nSELECT 1;', { flag: 'a' });
      await expect(migrate(db.pool, { dir })).rejects.toBeInstanceOf(MigrationChecksumError);
    } finally {
      await db.drop();
    }
  });

  it('rolls back a failing migration as a whole', async () => {
    const db = await createEmptyDb();
    const dir = await mkdtemp(path.join(tmpdir(), 'vitals-mig-'));
    try {
      await writeFile(path.join(dir, '0001_a.sql'), 'CREATE TABLE a (x int);');
      await writeFile(path.join(dir, '0002_b.sql'), 'CREATE TABLE b (x int); SELECT no_such_function();');
      await expect(migrate(db.pool, { dir })).rejects.toThrow(/0002_b.sql failed/);
      const { rows } = await db.pool.query("SELECT to_regclass('a') AS a, to_regclass('b') AS b");
      expect(rows[0]).toEqual({ a: 'a', b: null });
    } finally {
      await db.drop();
    }
  });
});

describe('test isolation', () => {
  const db = useTestDb();
  it('each file gets a migrated database of its own', async () => {
    const { rows } = await db().pool.query('SELECT current_database() AS name, count(*)::int AS n FROM patients');
    expect(rows[0].name).toBe(db().name);
    expect(rows[0].n).toBe(0);
  });
});
