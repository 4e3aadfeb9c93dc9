import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SYSTEM_QUEUES } from './system-queues.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Every `export const X_QUEUE = 'name'` in the deployables' sources: how the system names its queues. */
async function declaredQueueNames(): Promise<string[]> {
  const names: string[] = [];
  for (const dir of ['alerts/src', 'api/src', 'common/src', 'ingest/src']) {
    const files = (await readdir(path.join(ROOT, dir), { recursive: true })).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    for (const f of files) {
      const text = await readFile(path.join(ROOT, dir, f), 'utf8');
      for (const m of text.matchAll(/export const [A-Z_]+_QUEUE = '([a-z0-9-]+)'/g)) names.push(m[1]!);
    }
  }
  return names;
}

describe('SYSTEM_QUEUES', () => {
  it('lists every queue the system declares, once', async () => {
    const declared = await declaredQueueNames();
    expect(declared.length).toBeGreaterThanOrEqual(10);
    expect([...SYSTEM_QUEUES].sort()).toEqual([...new Set(declared)].sort());
  });
});
