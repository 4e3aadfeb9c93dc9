import type { ChildProcess } from 'node:child_process';

/**
 * Stop a child process and wait until it has exited: SIGTERM (its own orderly shutdown), then
 * SIGKILL when that takes longer than `graceMs`. Teardown never waits on the child's clients
 * (BullMQ, ioredis, pg) giving up by themselves, and no process outlives the test file.
 */
export async function stopProcess(proc: ChildProcess, graceMs = 10_000): Promise<void> {
  const exited = () => proc.exitCode !== null || proc.signalCode !== null;
  if (exited()) return;
  const gone = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  proc.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const inTime = await Promise.race([gone.then(() => true), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), graceMs)))]);
  clearTimeout(timer);
  if (!inTime && !exited()) {
    proc.kill('SIGKILL');
    await gone;
  }
}
