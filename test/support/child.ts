import { spawn, type ChildProcess } from 'node:child_process';

export interface Child {
  proc: ChildProcess;
  output: () => string;
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Run a TypeScript entry point with tsx as a child process, collecting its output. With VITALS_CPU_PROF_DIR set, each child writes a V8 CPU profile there on exit (benches: docs/performance.md). */
export function spawnTs(entry: string, args: string[], env: Record<string, string>): Child {
  const proc = spawn(process.execPath, [...(process.env.VITALS_CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.VITALS_CPU_PROF_DIR}`] : []), '--import', 'tsx', entry, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const waiters: Array<() => void> = [];
  const onData = (d: Buffer) => {
    out += d.toString();
    if (out.length > 2_000_000) out = out.slice(-1_000_000);
    waiters.splice(0).forEach((w) => w());
  };
  proc.stdout!.on('data', onData);
  proc.stderr!.on('data', onData);
  return {
    proc,
    output: () => out,
    waitFor(pattern, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const deadline = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}; output:\n${out.slice(-3000)}`)), timeoutMs);
        const check = () => {
          const m = pattern.exec(out);
          if (m) {
            clearTimeout(deadline);
            resolve(m);
          } else if (proc.exitCode !== null) {
            clearTimeout(deadline);
            reject(new Error(`process exited (${proc.exitCode}) before ${pattern}; output:\n${out.slice(-3000)}`));
          } else waiters.push(check);
        };
        check();
      });
    },
    kill(signal = 'SIGTERM') {
      return new Promise((resolve) => {
        if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill(signal);
      });
    },
  };
}
