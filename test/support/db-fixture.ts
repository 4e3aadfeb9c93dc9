import { afterAll, beforeAll, inject } from 'vitest';
import { createTestDb, type TestDb } from './test-db.ts';

/**
 * Give this test file its own migrated database. Call at the top level of the file; the returned
 * getter is valid inside tests and hooks.
 */
export function useTestDb(opts: { poolMax?: number } = {}): () => TestDb {
  let db: TestDb | undefined;
  beforeAll(async () => {
    db = await createTestDb(inject('templateDb'), opts);
  });
  afterAll(async () => {
    await db?.drop();
  });
  return () => {
    if (!db) throw new Error('test database not ready: use it inside a test or hook');
    return db;
  };
}
