import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryDeviceState, type DeviceStateStore } from './device-state.ts';
import { FileDeviceState } from './file-device-state.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vitals-device-state-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

// One suite for both stores: the transport must not be able to tell them apart.
describe.each([
  ['MemoryDeviceState', (): DeviceStateStore => new MemoryDeviceState()],
  ['FileDeviceState', (): DeviceStateStore => new FileDeviceState(join(dir, 'state', 'devices.json'))],
])('%s', (_name, create) => {
  it('returns undefined for an unknown device', async () => {
    expect(await create().get('AA:BB:CC:DD:EE:FF')).toBeUndefined();
  });

  it('stores state per device and overwrites it', async () => {
    const store = create();
    await store.set('A', { lastSequence: 3 });
    await store.set('B', { lastSequence: 9 });
    await store.set('A', { lastSequence: 4, updatedAt: '2026-01-01T00:00:00.000Z' });
    expect(await store.get('A')).toEqual({ lastSequence: 4, updatedAt: '2026-01-01T00:00:00.000Z' });
    expect(await store.get('B')).toEqual({ lastSequence: 9 });
  });

  it('hands out copies', async () => {
    const store = create();
    await store.set('A', { lastSequence: 1 });
    const got = (await store.get('A'))!;
    got.lastSequence = 99;
    expect(await store.get('A')).toEqual({ lastSequence: 1 });
  });

  it('keeps every one of many concurrent writes', async () => {
    const store = create();
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.set(`D${i}`, { lastSequence: i })));
    for (let i = 0; i < 20; i++) expect(await store.get(`D${i}`)).toEqual({ lastSequence: i });
  });
});

describe('FileDeviceState on disk', () => {
  it('survives a new instance (a gateway restart) and leaves no temp files', async () => {
    const file = join(dir, 'devices.json');
    await new FileDeviceState(file).set('AA:BB:CC:DD:EE:01', { lastSequence: 42 });
    expect(await new FileDeviceState(file).get('AA:BB:CC:DD:EE:01')).toEqual({ lastSequence: 42 });
    expect(await readdir(dir)).toEqual(['devices.json']);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ v: 1, devices: { 'AA:BB:CC:DD:EE:01': { lastSequence: 42 } } });
  });

  it('refuses a corrupt file instead of starting from scratch', async () => {
    const file = join(dir, 'devices.json');
    await writeFile(file, '{"v":1,"dev');
    await expect(new FileDeviceState(file).get('A')).rejects.toThrow(/not valid JSON/);
  });

  it('keeps the stored state when a write fails, and writes again later', async () => {
    const file = join(dir, 'devices.json');
    const store = new FileDeviceState(file);
    await store.set('A', { lastSequence: 1 });
    // A non-empty folder where the file should be makes the rename fail.
    await rm(file);
    await mkdir(join(file, 'blocker'), { recursive: true });
    await expect(store.set('A', { lastSequence: 2 })).rejects.toThrow();
    expect(await store.get('A')).toEqual({ lastSequence: 1 });
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);

    await rm(file, { recursive: true });
    await store.set('B', { lastSequence: 5 });
    const reloaded = new FileDeviceState(file);
    expect([await reloaded.get('A'), await reloaded.get('B')]).toEqual([{ lastSequence: 1 }, { lastSequence: 5 }]);
  });
});
