import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, startPrivateBus, testTransport, type PrivateBus } from './mock-bluez/index.ts';

describe('without bluetoothd on the bus', () => {
  let bus: PrivateBus;
  beforeAll(async () => {
    bus = await startPrivateBus();
    process.env.DBUS_SYSTEM_BUS_ADDRESS = bus.address;
  });
  afterAll(async () => {
    await bus?.stop();
  });

  it('start() rejects with the D-Bus error, reports it once as an agent error, and close() still works', async () => {
    const ble = testTransport();
    const errors = collect(ble, 'error');
    await expect(ble.start()).rejects.toThrow(/org\.bluez/);
    ble.watch('C0:77:00:00:00:01');
    await ble.close();
    expect(errors.map((e) => e.stage)).toEqual(['agent']);
  });
});
