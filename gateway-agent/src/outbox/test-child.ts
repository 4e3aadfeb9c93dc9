import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** A TypeScript script run in its own Node process, with its stdout collected line by line. */
export interface TsChild {
  readonly process: ChildProcessWithoutNullStreams;
  readonly lines: string[];
  /** Resolves with the first line (already seen or to come) that matches; rejects if the child exits first. */
  waitForLine(match: (line: string) => boolean, timeoutMs?: number): Promise<string>;
  /** Send SIGKILL (no chance to clean up) and wait until the process is gone. */
  kill(): Promise<void>;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
}

/**
 * Test helper: run `script` (relative to `base`, an import.meta.url) with `node --import tsx`.
 * stderr is passed through so a crashing child is visible in the test output.
 */
export function spawnTsChild(script: string, base: string, args: string[]): TsChild {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL(script, base)), ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  child.stderr.pipe(process.stderr);
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    for (const wake of waiters) wake();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const waitForLine = (match: (line: string) => boolean, timeoutMs = 20_000) =>
    new Promise<string>((resolve, reject) => {
      const done = (outcome: () => void) => {
        waiters.delete(check);
        clearTimeout(timer);
        outcome();
      };
      const check = () => {
        const found = lines.find(match);
        if (found !== undefined) done(() => resolve(found));
      };
      const timer = setTimeout(() => done(() => reject(new Error(`no matching line from ${script} within ${timeoutMs} ms; last: ${lines.at(-1)}`))), timeoutMs);
      void exited.then((code) => done(() => reject(new Error(`${script} exited (${code}) before a matching line`))));
      waiters.add(check);
      check();
    });
  const kill = async () => {
    child.kill('SIGKILL');
    await exited;
  };
  return { process: child, lines, waitForLine, kill, exited };
}
