import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A dbus-daemon started for one test file; `address` goes into `DBUS_SYSTEM_BUS_ADDRESS`. */
export interface PrivateBus {
  readonly address: string;
  /** Kill the daemon (by its pid) and delete its temp folder. */
  stop(): Promise<void>;
}

export interface PrivateBusOptions {
  /** Defaults to Debian's path; CI installs it with `apt-get install -y dbus-daemon`. */
  daemonPath?: string;
  /** How long to wait for the daemon to print its address. */
  startTimeoutMs?: number;
  /**
   * The daemon's per-connection match rule limit (a system bus allows 512). A low value makes
   * a test hit a match-rule leak in a few dozen reconnections instead of hundreds.
   */
  maxMatchRulesPerConnection?: number;
}

const DEFAULT_DAEMON = '/usr/bin/dbus-daemon';

/**
 * A system-type bus whose policy lets anyone own any name: without `allow own`,
 * RequestName('org.bluez') fails with AccessDenied (see shared/design/ble-testing.md).
 */
function busConfig(socketPath: string, maxMatchRules: number | undefined): string {
  const limit = maxMatchRules === undefined ? '' : `\n  <limit name="max_match_rules_per_connection">${maxMatchRules}</limit>`;
  return `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path=${socketPath}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <allow own="*"/>
    <allow send_destination="*"/>
    <allow receive_sender="*"/>
  </policy>${limit}
</busconfig>
`;
}

/**
 * Start a private dbus-daemon in a fresh temp folder, so tests never touch the machine's
 * system bus (and need no root, no bluetoothd and no radio).
 *
 * @throws Error naming the package to install when the daemon binary is missing.
 * @example
 * const bus = await startPrivateBus();
 * process.env.DBUS_SYSTEM_BUS_ADDRESS = bus.address; // before createBluetooth()
 * // ...
 * await bus.stop();
 */
export async function startPrivateBus(opts: PrivateBusOptions = {}): Promise<PrivateBus> {
  const daemonPath = opts.daemonPath ?? DEFAULT_DAEMON;
  if (!existsSync(daemonPath)) {
    throw new Error(
      `${daemonPath} not found: the BLE integration tests need a private D-Bus daemon. ` +
        'Install it first (Debian/Ubuntu: apt-get install -y dbus-daemon).',
    );
  }
  const dir = await mkdtemp(join(tmpdir(), 'vitals-dbus-'));
  const configPath = join(dir, 'bus.conf');
  await writeFile(configPath, busConfig(join(dir, 'bus.sock'), opts.maxMatchRulesPerConnection));

  // --nofork keeps the daemon our child, so stop() can kill exactly this pid.
  const child = spawn(daemonPath, [`--config-file=${configPath}`, '--nofork', '--print-address=1'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // If the test process dies without afterAll, take the daemon along rather than orphan it.
  const killOnExit = (): void => void child.kill('SIGTERM');
  process.once('exit', killOnExit);
  const stop = async (): Promise<void> => {
    process.off('exit', killOnExit);
    await stopDaemon(child, dir);
  };
  try {
    const address = await readAddress(child, opts.startTimeoutMs ?? 5_000);
    return { address, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

function readAddress(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let errText = '';
    const timer = setTimeout(() => fail(new Error(`dbus-daemon printed no address within ${timeoutMs} ms: ${errText}`)), timeoutMs);
    const cleanup = (): void => {
      clearTimeout(timer);
      child.stdout?.removeAllListeners('data');
      child.removeAllListeners('exit');
      child.removeAllListeners('error');
    };
    const fail = (err: Error): void => {
      cleanup();
      reject(err);
    };
    child.stderr?.on('data', (chunk: Buffer) => (errText += chunk.toString()));
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) {
        cleanup();
        resolve(line.trim());
      }
    });
    child.once('error', fail);
    child.once('exit', (code) => fail(new Error(`dbus-daemon exited with code ${code}: ${errText.trim()}`)));
  });
}

async function stopDaemon(child: ChildProcess, dir: string): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    await exited;
  }
  await rm(dir, { recursive: true, force: true });
}
