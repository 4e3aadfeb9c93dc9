import dbus from 'dbus-next';
import type { MessageBus } from 'dbus-next';
import { normaliseAddress } from '../uuid.ts';
import { MockAdapter } from './adapter.ts';
import { ObjectTree } from './dbus-object.ts';
import type { MockDevice, MockDeviceSpec } from './device.ts';

/** A fake bluetoothd on a private bus: only the radio is fake, node-ble talks to it unchanged. */
export interface MockBluez {
  /** The connection that owns `org.bluez`; every signal must come from it (dbus-next drops others). */
  readonly bus: MessageBus;
  readonly adapter: MockAdapter;
  /** Export a device under the adapter, as discovery would. */
  addDevice(spec: MockDeviceSpec): MockDevice;
  /** @throws Error when no device has this address. */
  device(address: string): MockDevice;
  /** Notify/indicate a value; false when the client has not subscribed to that characteristic. */
  notify(address: string, charUuid: string, value: Buffer): boolean;
  /** Device-initiated disconnect: ServicesResolved and Connected change to false. */
  disconnect(address: string): void;
  /** Release `org.bluez` and disconnect the bus, or Node will not exit. */
  close(): Promise<void>;
}

export interface MockBluezOptions {
  adapterName?: string;
  adapterAddress?: string;
}

/**
 * Connect to the bus at `address`, own `org.bluez` and export AgentManager1, Adapter1 and
 * ObjectManager, ready for devices.
 *
 * @throws Error when the name is already owned (another mock or a real bluetoothd on that bus).
 * @example
 * const mock = await createMockBluez(bus.address);
 * mock.addDevice(glucoseMeter({ address: 'C0:00:00:00:00:01', records: 5 }).spec);
 */
export async function createMockBluez(address: string, opts: MockBluezOptions = {}): Promise<MockBluez> {
  const bus = dbus.sessionBus({ busAddress: address });
  const reply = await bus.requestName('org.bluez', dbus.NameFlag.DO_NOT_QUEUE);
  if (reply !== dbus.RequestNameReply.PRIMARY_OWNER) {
    bus.disconnect();
    throw new Error(`could not own org.bluez on ${address} (reply ${reply})`);
  }
  const tree = new ObjectTree(bus);
  const adapter = new MockAdapter(tree, opts.adapterName ?? 'hci0', opts.adapterAddress ?? '00:1A:7D:DA:71:00');
  const device = (addr: string): MockDevice => {
    const d = adapter.devices.get(normaliseAddress(addr));
    if (!d) throw new Error(`mock has no device ${addr}`);
    return d;
  };
  return {
    bus,
    adapter,
    addDevice: (spec) => adapter.addDevice(spec),
    device,
    notify: (addr, charUuid, value) => device(addr).notify(charUuid, value),
    disconnect: (addr) => device(addr).disconnect(),
    close: async () => {
      await bus.releaseName('org.bluez').catch(() => undefined);
      bus.disconnect();
    },
  };
}
