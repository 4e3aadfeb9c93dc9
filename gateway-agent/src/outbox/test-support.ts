import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';

/**
 * Test helper: one temporary directory for the file (removed after it), and a function that names
 * a new, not yet existing directory inside it, for one outbox each.
 */
export function useTempDirs(prefix: string): () => string {
  let root: string | undefined;
  let count = 0;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), prefix));
  });
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });
  return () => {
    if (!root) throw new Error('useTempDirs: directory asked for before beforeAll ran');
    return join(root, `d${++count}`);
  };
}

/** Test helper: returns `track`, which remembers a closable thing and closes it after the current test. */
export function closeAfterEach<T extends { close(): Promise<unknown> }>(): (thing: T) => T {
  const open: T[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((thing) => thing.close()));
  });
  return (thing) => {
    open.push(thing);
    return thing;
  };
}
