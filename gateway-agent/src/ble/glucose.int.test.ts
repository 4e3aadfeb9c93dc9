import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FrameEvent } from './events.ts';
import { FileDeviceState } from './file-device-state.ts';
import { collect, glucoseMeter, nextEvent, useMockBluez, withTransport } from './mock-bluez/index.ts';
import { glucoseSequence } from './racp.ts';

const records = (frames: FrameEvent[]): FrameEvent[] => frames.filter((f) => f.characteristic === '2A18');
const sequences = (frames: FrameEvent[]): number[] => records(frames).map((f) => glucoseSequence(f.value)!);

describe('glucose meter over a mock BlueZ', () => {
  const bed = useMockBluez();
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vitals-ble-state-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('transfers all stored records first, then only the new ones after a reconnect', async () => {
    const address = 'C0:11:00:00:00:01';
    const meter = glucoseMeter({ address, records: 5 });
    bed.mock.addDevice(meter.spec);
    await withTransport({}, async (ble) => {
      const frames = collect(ble, 'frame');
      const first = nextEvent(ble, 'transfer-complete');
      ble.watch(address);
      expect(await first).toEqual({ deviceId: address, records: 5, lastSequence: 5 });
      expect(meter.requests[0]).toEqual(Buffer.from([0x01, 0x01]));
      expect(sequences(frames)).toEqual([1, 2, 3, 4, 5]);
      expect(records(frames)[0]).toMatchObject({ deviceId: address, service: '1808', receivedAt: expect.any(Date) });
      expect(frames.filter((f) => f.characteristic === '2A51')).toHaveLength(1);

      // The meter goes away, measures twice, and comes back.
      meter.addRecords(2);
      const second = nextEvent(ble, 'transfer-complete');
      bed.mock.disconnect(address);
      expect(await second).toEqual({ deviceId: address, records: 2, lastSequence: 7 });
      expect(meter.requests[1]).toEqual(Buffer.from([0x01, 0x03, 0x01, 0x06, 0x00]));
      expect(sequences(frames)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      // Frames are passed on byte for byte: decoding is the agent's job.
      expect(records(frames).map((f) => f.value)).toEqual(meter.records);
    });
  });

  it('keeps the last sequence in the state file across transport instances', async () => {
    const address = 'C0:11:00:00:00:02';
    const meter = glucoseMeter({ address, records: 3 });
    bed.mock.addDevice(meter.spec);
    const file = join(dir, 'devices.json');

    await withTransport({ state: new FileDeviceState(file) }, async (ble) => {
      const done = nextEvent(ble, 'transfer-complete');
      ble.watch(address);
      expect(await done).toMatchObject({ records: 3, lastSequence: 3 });
    });
    expect(bed.mock.device(address).connected).toBe(false);

    meter.addRecords(1);
    await withTransport({ state: new FileDeviceState(file) }, async (ble) => {
      const frames = collect(ble, 'frame');
      const again = nextEvent(ble, 'transfer-complete');
      ble.watch(address);
      expect(await again).toEqual({ deviceId: address, records: 1, lastSequence: 4 });
      expect(meter.requests.at(-1)).toEqual(Buffer.from([0x01, 0x03, 0x01, 0x04, 0x00]));
      expect(sequences(frames)).toEqual([4]);
    });
    expect(await new FileDeviceState(file).get(address)).toMatchObject({ lastSequence: 4 });
  });

  it('reports "no records" as a finished transfer', async () => {
    const address = 'C0:11:00:00:00:03';
    bed.mock.addDevice(glucoseMeter({ address, records: 0 }).spec);
    await withTransport({}, async (ble) => {
      const done = nextEvent(ble, 'transfer-complete');
      ble.watch(address);
      expect(await done).toEqual({ deviceId: address, records: 0, lastSequence: undefined });
    });
  });
});
