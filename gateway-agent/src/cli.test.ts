import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

describe('cli.ts', () => {
  it('rejects an unknown command with usage on stderr and exit 2', async () => {
    const error = await promisify(execFile)(process.execPath, ['--import', 'tsx', cli, 'frobnicate'], { cwd: repoRoot }).catch((e: unknown) => e as { code: number; stderr: string });
    expect(error).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown command "frobnicate"') });
  });
});
