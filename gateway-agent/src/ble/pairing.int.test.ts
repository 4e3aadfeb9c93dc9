import { describe, expect, it } from 'vitest';
import { collect, glucoseMeter, nextEvent, useMockBluez, withTransport } from './mock-bluez/index.ts';
import type { BleTransport } from './transport.ts';

/** Watch `address` and wait for its record transfer. */
async function transfer(ble: BleTransport, address: string): Promise<number> {
  const done = nextEvent(ble, 'transfer-complete');
  ble.watch(address);
  return (await done).records;
}

describe('pairing through the BlueZ agent', () => {
  const bed = useMockBluez();

  it('enters the configured passkey, bonds, trusts the device and then reads its records', async () => {
    const address = 'C0:22:00:00:00:01';
    bed.mock.addDevice(glucoseMeter({ address, records: 2, pairing: { passkey: 123456 } }).spec);
    await withTransport({ passkey: 123456 }, async (ble) => {
      expect(await transfer(ble, address)).toBe(2);
      const device = bed.mock.device(address);
      expect([device.paired, device.trusted]).toEqual([true, true]);
      expect(bed.mock.adapter.agentCalls).toEqual(['RequestPasskey']);
      expect(bed.mock.adapter.defaultAgent).toBeDefined();
    });
    // close() unregisters the agent again.
    expect(bed.mock.adapter.defaultAgent).toBeUndefined();
  });

  it('does not pair a bonded device again', async () => {
    const address = 'C0:22:00:00:00:02';
    bed.mock.addDevice(glucoseMeter({ address, records: 1, pairing: { passkey: 123456 } }).spec);
    await withTransport({ passkey: 123456 }, (ble) => transfer(ble, address).then(() => undefined));
    await withTransport({ passkey: 123456 }, (ble) => transfer(ble, address).then(() => undefined));
    expect(bed.mock.device(address).calls.filter((c) => c === 'Pair')).toHaveLength(1);
  });

  it('accepts numeric comparison', async () => {
    const address = 'C0:22:00:00:00:03';
    bed.mock.addDevice(glucoseMeter({ address, records: 1, pairing: { passkey: 654321, method: 'comparison' } }).spec);
    await withTransport({}, async (ble) => {
      expect(await transfer(ble, address)).toBe(1);
      expect(bed.mock.device(address).paired).toBe(true);
      expect(bed.mock.adapter.agentCalls.at(-1)).toBe('RequestConfirmation');
    });
  });

  it('reports a wrong passkey as a pairing error, disconnects and backs off', async () => {
    const address = 'C0:22:00:00:00:04';
    bed.mock.addDevice(glucoseMeter({ address, records: 4, pairing: { passkey: 123456 } }).spec);
    await withTransport({ passkey: 999999 }, async (ble) => {
      const frames = collect(ble, 'frame');
      const error = nextEvent(ble, 'error');
      const retry = nextEvent(ble, 'reconnect-scheduled');
      ble.watch(address);
      const { stage, deviceId, error: cause } = await error;
      expect({ stage, deviceId }).toEqual({ stage: 'pair', deviceId: address });
      expect(cause.message).toMatch(/Authentication Failed/);
      expect(await retry).toMatchObject({ deviceId: address, attempt: 1 });
      const device = bed.mock.device(address);
      expect([device.connected, device.paired]).toEqual([false, false]);
      expect(frames.filter((f) => f.characteristic === '2A18')).toEqual([]);
    });
  });
});
