import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { DeviceState, DeviceStateStore } from './device-state.ts';

interface StateFile {
  v: 1;
  devices: Record<string, DeviceState>;
}

/**
 * Device state in one JSON file, written atomically (temp file, fsync, rename, fsync of the
 * folder) so a power cut leaves either the old file or the new one, never half of each: a torn
 * file would lose every device's last sequence and make meters resend their whole memory.
 * Writes from one instance are serialised; one gateway process owns the file.
 *
 * @example
 * const state = new FileDeviceState(join(config.STATE_DIR, 'ble-devices.json'));
 */
export class FileDeviceState implements DeviceStateStore {
  #loaded: Promise<Map<string, DeviceState>> | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(readonly path: string) {}

  async get(deviceId: string): Promise<DeviceState | undefined> {
    const s = (await this.#load()).get(deviceId);
    return s && { ...s };
  }

  /** @throws the file system error when the write fails; the stored state is then unchanged. */
  set(deviceId: string, state: DeviceState): Promise<void> {
    const run = this.#queue.then(async () => {
      const current = await this.#load();
      const next = new Map(current).set(deviceId, { ...state });
      const file: StateFile = { v: 1, devices: Object.fromEntries(next) };
      await writeAtomically(this.path, JSON.stringify(file, null, 2) + '\n');
      // Only after the file holds it, so a failed write never shows up in get().
      current.set(deviceId, { ...state });
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  #load(): Promise<Map<string, DeviceState>> {
    this.#loaded ??= readState(this.path);
    return this.#loaded;
  }
}

async function readState(path: string): Promise<Map<string, DeviceState>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw err;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new Error(`device state file ${path} is not valid JSON`, { cause: err });
  }
  const devices = (parsed as Partial<StateFile> | null)?.devices;
  if (typeof devices !== 'object' || devices === null) throw new Error(`device state file ${path} has no "devices" object`);
  return new Map(Object.entries(devices));
}

async function writeAtomically(path: string, data: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${randomUUID()}.tmp`;
  try {
    const fh = await open(tmp, 'w', 0o600);
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  // The rename lives in the folder's entry table: sync it too, or a crash can undo the rename.
  const dir = await open(dirname(path), 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}
