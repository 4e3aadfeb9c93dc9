import { describe, expect, it } from 'vitest';
import { MemoryDeviceState } from './device-state.ts';
import { collect, glucoseMeter, nextEvent, testTransport, useMockBluez, withTransport } from './mock-bluez/index.ts';
import { glucoseSequence } from './racp.ts';

// testTransport: backoff 10 ms × 2^n capped at 40 ms, jitter 0.5 with random() = 0.5 → ×0.75.
const DELAYS = [8, 15, 30, 30];

describe('disconnects and reconnects over a mock BlueZ', () => {
  const bed = useMockBluez();

  it('takes a meter hanging up right after its transfer as a finished session and reconnects soon', async () => {
    const address = 'C0:44:00:00:00:01';
    bed.mock.addDevice(glucoseMeter({ address, records: 3, disconnectAfterTransfer: 'after-response' }).spec);
    await withTransport({}, async (ble) => {
      const errors = collect(ble, 'error');
      const done = nextEvent(ble, 'transfer-complete');
      const dropped = nextEvent(ble, 'disconnected');
      const retry = nextEvent(ble, 'reconnect-scheduled');
      ble.watch(address);
      expect(await done).toMatchObject({ records: 3, lastSequence: 3 });
      expect(await dropped).toEqual({ deviceId: address, initiatedBy: 'device' });
      expect(await retry).toEqual({ deviceId: address, attempt: 0, delayMs: DELAYS[0] });
      // It comes back and finds nothing new.
      expect(await nextEvent(ble, 'transfer-complete')).toMatchObject({ records: 0, lastSequence: 3 });
      expect(errors).toEqual([]);
    });
  });

  it('delivers and remembers records when the meter hangs up before its RACP response', async () => {
    const address = 'C0:44:00:00:00:02';
    bed.mock.addDevice(glucoseMeter({ address, records: 4, disconnectAfterTransfer: 'before-response' }).spec);
    const state = new MemoryDeviceState();
    await withTransport({ state }, async (ble) => {
      const frames = collect(ble, 'frame');
      const errors = collect(ble, 'error');
      const completed = collect(ble, 'transfer-complete');
      const retry = nextEvent(ble, 'reconnect-scheduled');
      ble.watch(address);
      // Setup did not finish, so the retry counts as one failure.
      expect(await retry).toEqual({ deviceId: address, attempt: 1, delayMs: DELAYS[1] });
      expect(frames.filter((f) => f.characteristic === '2A18').map((f) => glucoseSequence(f.value))).toEqual([1, 2, 3, 4]);
      expect(await state.get(address)).toMatchObject({ lastSequence: 4 });
      expect(completed).toEqual([]);
      expect(errors).toEqual([]);
    });
  });

  it('backs off exponentially while the device is out of range, up to the cap, and resets once connected', async () => {
    const address = 'C0:44:00:00:00:03';
    const device = bed.mock.addDevice(glucoseMeter({ address, records: 1 }).spec);
    device.reachable = false;
    await withTransport({}, async (ble) => {
      const retries = collect(ble, 'reconnect-scheduled');
      const errors = collect(ble, 'error');
      const fourth = nextEvent(ble, 'reconnect-scheduled', (r) => r.attempt === 4);
      ble.watch(address);
      await fourth;
      expect(retries.map((r) => [r.attempt, r.delayMs])).toEqual([
        [1, DELAYS[1]],
        [2, DELAYS[2]],
        [3, DELAYS[3]],
        [4, DELAYS[3]],
      ]);
      expect(errors.every((e) => e.stage === 'connect' && /le-connection-abort-by-local/.test(e.error.message))).toBe(true);

      const done = nextEvent(ble, 'transfer-complete');
      device.reachable = true;
      expect(await done).toMatchObject({ records: 1 });
      const reset = nextEvent(ble, 'reconnect-scheduled');
      bed.mock.disconnect(address);
      expect(await reset).toMatchObject({ attempt: 0, delayMs: DELAYS[0] });
    });
  });

  it('stops reconnecting and disconnects on close()', async () => {
    const address = 'C0:44:00:00:00:04';
    bed.mock.addDevice(glucoseMeter({ address, records: 1 }).spec);
    const ble = testTransport({ backoff: { initialMs: 200 } });
    const done = nextEvent(ble, 'transfer-complete');
    ble.watch(address);
    await done;
    const dropped = nextEvent(ble, 'disconnected');
    await ble.close();
    expect(await dropped).toEqual({ deviceId: address, initiatedBy: 'gateway' });
    expect(bed.mock.device(address).connected).toBe(false);
    const connectsBefore = bed.mock.device(address).calls.filter((c) => c === 'Connect').length;
    await new Promise((r) => setTimeout(r, 300));
    expect(bed.mock.device(address).calls.filter((c) => c === 'Connect')).toHaveLength(connectsBefore);
    expect(() => ble.watch(address)).toThrow(/closed/);
  });
});
