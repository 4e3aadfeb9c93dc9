import type NodeBle from 'node-ble';
import type { EventEmitter } from 'node:events';
import type { Logger } from '../../../common/src/logger.ts';
import type { BluezClient } from './bluez-client.ts';
import type { Central, DiscoveredDevice, Link } from './central.ts';
import { DeviceNotFoundError } from './errors.ts';
import { openNodeBleLink, type LinkTimeouts } from './node-ble-link.ts';
import { sleep, type Timers } from './timers.ts';
import { devicePath, normaliseAddress, shortUuid } from './uuid.ts';

/** What node-ble's `createBluetooth()` returns. */
export type BluetoothHandle = ReturnType<typeof NodeBle.createBluetooth>;

export interface NodeBleCentralOptions {
  /**
   * A node-ble instance shared by everything (the caller destroys it), or a factory such as
   * node-ble's own `createBluetooth`: then each connection gets a fresh instance that is
   * destroyed when the link closes. Prefer the factory for a long-running gateway: dbus-next
   * 0.10 never removes a match rule, and a system bus refuses a connection's 513th
   * (`max_match_rules_per_connection`): 256 reconnections with one subscription, fewer with more.
   */
  bluetooth: BluetoothHandle | (() => BluetoothHandle);
  bluez: BluezClient;
  /** `hci0`, …; default: the first adapter BlueZ lists. */
  adapterName?: string;
  timers: Timers;
  /** `scanMs` is the discovery window used when a device to connect is not known yet. */
  timeouts: LinkTimeouts & { scanMs: number };
  logger: Logger;
}

/** A {@link Central} over node-ble (BlueZ through D-Bus). */
export function createNodeBleCentral(opts: NodeBleCentralOptions): Central {
  return new NodeBleCentral(opts);
}

class NodeBleCentral implements Central {
  readonly #main: BluetoothHandle;
  readonly #ownsMain: boolean;
  #discovery: Promise<DiscoveredDevice[]> | undefined;

  constructor(private readonly opts: NodeBleCentralOptions) {
    this.#ownsMain = typeof opts.bluetooth === 'function';
    this.#main = typeof opts.bluetooth === 'function' ? opts.bluetooth() : opts.bluetooth;
    this.#guardBusErrors(this.#main);
    if (!this.#ownsMain) opts.logger.warn('shared node-ble instance: D-Bus match rules accumulate per connection; pass a factory for long-running use');
  }

  discover(windowMs: number): Promise<DiscoveredDevice[]> {
    // One discovery at a time: BlueZ refuses a second StartDiscovery from the same client.
    this.#discovery ??= this.#runDiscovery(windowMs).finally(() => (this.#discovery = undefined));
    return this.#discovery;
  }

  async connect(address: string): Promise<Link> {
    const factory = typeof this.opts.bluetooth === 'function' ? this.opts.bluetooth : undefined;
    const handle = factory ? factory() : this.#main;
    if (factory) this.#guardBusErrors(handle);
    const release = factory ? () => handle.destroy() : () => undefined;
    try {
      const { adapter, name } = await this.#adapter(handle.bluetooth);
      const device = await this.#device(adapter, address);
      return await openNodeBleLink(device, { ...this.opts, address: normaliseAddress(address), path: devicePath(name, address), release });
    } catch (err) {
      release();
      throw err;
    }
  }

  async close(): Promise<void> {
    await this.#discovery?.catch(() => undefined);
    if (this.#ownsMain) this.#main.destroy();
  }

  async #runDiscovery(windowMs: number): Promise<DiscoveredDevice[]> {
    const { adapter, name } = await this.#adapter(this.#main.bluetooth);
    const ours = !(await adapter.isDiscovering());
    if (ours) await adapter.startDiscovery();
    try {
      await sleep(this.opts.timers, windowMs);
    } finally {
      if (ours) await adapter.stopDiscovery().catch((err: unknown) => this.opts.logger.debug({ err }, 'StopDiscovery failed'));
    }
    const found = await Promise.all((await adapter.devices()).map((a) => this.#describe(name, a).catch(() => undefined)));
    return found.filter((d): d is DiscoveredDevice => d !== undefined);
  }

  async #describe(adapterName: string, address: string): Promise<DiscoveredDevice> {
    const p = await this.opts.bluez.deviceProperties(devicePath(adapterName, address));
    const device: DiscoveredDevice = {
      address: normaliseAddress(address),
      services: Array.isArray(p.UUIDs) ? (p.UUIDs as string[]).map(shortUuid) : [],
    };
    if (typeof p.Name === 'string') device.name = p.Name;
    if (typeof p.RSSI === 'number') device.rssi = p.RSSI;
    return device;
  }

  async #adapter(bluetooth: NodeBle.Bluetooth): Promise<{ adapter: NodeBle.Adapter; name: string }> {
    const name = this.opts.adapterName ?? (await bluetooth.adapters())[0];
    if (!name) throw new Error('no Bluetooth adapter found (is bluetoothd running?)');
    return { adapter: await bluetooth.getAdapter(name), name };
  }

  /** The device, running one discovery window first when BlueZ does not know it yet. */
  async #device(adapter: NodeBle.Adapter, address: string): Promise<NodeBle.Device> {
    const find = (): Promise<NodeBle.Device | undefined> =>
      adapter.getDevice(address).catch((err: unknown) => {
        if (err instanceof Error && err.message === 'Device not found') return undefined;
        throw err;
      });
    const known = await find();
    if (known) return known;
    await this.discover(this.opts.timeouts.scanMs);
    const found = await find();
    if (!found) throw new DeviceNotFoundError(normaliseAddress(address));
    return found;
  }

  /**
   * node-ble never listens for its bus's 'error' event, so a dropped D-Bus socket would crash the
   * process. Its connection is an undocumented field; attach a logger when it is there.
   */
  #guardBusErrors(handle: BluetoothHandle): void {
    const bus = (handle.bluetooth as unknown as { dbus?: EventEmitter }).dbus;
    bus?.on('error', (err: unknown) => this.opts.logger.error({ err }, 'node-ble D-Bus connection error'));
  }
}
