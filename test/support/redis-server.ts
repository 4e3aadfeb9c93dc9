import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { freePort } from './ports.ts';

export interface RedisServer {
  url: string;
  proc: ChildProcess;
  stop(): Promise<void>;
}

/**
 * A Redis of its own on a free port, without persistence: a test that kills or restarts things
 * gets keys and pub/sub channels no other test file can see.
 */
export async function startRedisServer(port?: number): Promise<RedisServer> {
  const p = port ?? (await freePort());
  const proc = spawn('redis-server', ['--port', String(p), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
      proc.once('exit', () => resolve());
      proc.kill('SIGKILL');
    });
  for (let i = 0; i < 100; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const s = net.connect(p, '127.0.0.1', () => (s.end(), resolve(true)));
      s.on('error', () => resolve(false));
    });
    if (up) return { url: `redis://127.0.0.1:${p}`, proc, stop };
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error('redis-server did not start');
}
