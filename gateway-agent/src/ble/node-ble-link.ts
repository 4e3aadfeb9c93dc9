import type NodeBle from 'node-ble';
import type { Logger } from '../../../common/src/logger.ts';
import type { BluezClient } from './bluez-client.ts';
import { untilClosed, type CloseReason, type Link } from './central.ts';
import { withTimeout, type Timers } from './timers.ts';
import { shortUuid } from './uuid.ts';

export interface LinkTimeouts {
  connectMs: number;
  servicesMs: number;
  /** How long a link waits for its in-flight D-Bus calls before releasing its bus anyway. */
  releaseMs: number;
}

export interface OpenLinkOptions {
  address: string;
  /** The device's D-Bus object path (for Device1.Trusted). */
  path: string;
  bluez: BluezClient;
  timers: Timers;
  timeouts: LinkTimeouts;
  /** Frees the node-ble instance this link used (destroys a per-link instance). */
  release: () => void;
  logger: Logger;
}

interface Characteristic {
  char: NodeBle.GattCharacteristic;
  flags: readonly string[];
}

/**
 * Connect `device` and resolve its GATT table.
 * @throws BleTimeoutError / DisconnectedError / the BlueZ error; the link is then already closed
 */
export async function openNodeBleLink(device: NodeBle.Device, opts: OpenLinkOptions): Promise<Link> {
  const link = new NodeBleLink(device, opts);
  try {
    await link.open();
    return link;
  } catch (err) {
    await link.disconnect();
    throw err;
  }
}

/** A {@link Link} over one node-ble Device. */
class NodeBleLink implements Link {
  readonly closed: Promise<CloseReason>;
  name: string | undefined;
  readonly #table = new Map<string, Map<string, Characteristic>>();
  readonly #subscribed: NodeBle.GattCharacteristic[] = [];
  #settle: (reason: CloseReason) => void = () => undefined;
  #closedBy: CloseReason | undefined;
  #closing: Promise<void> | undefined;
  #inFlight = 0;
  #released = false;
  #releaseTimer: unknown;

  constructor(
    private readonly device: NodeBle.Device,
    private readonly opts: OpenLinkOptions,
  ) {
    this.closed = new Promise((resolve) => (this.#settle = resolve));
    device.on('disconnect', () => {
      if (!this.#closing) this.#finish('device');
    });
  }

  get address(): string {
    return this.opts.address;
  }

  get isClosed(): boolean {
    return this.#closedBy !== undefined;
  }

  async open(): Promise<void> {
    const { timers, timeouts, address } = this.opts;
    await this.#guard(withTimeout(timers, this.device.connect(), timeouts.connectMs, `connect ${address}`));
    // gatt() waits for ServicesResolved and would wait forever if it never comes.
    const gatt = await this.#guard(withTimeout(timers, this.device.gatt(), timeouts.servicesMs, `resolve services of ${address}`));
    for (const uuid of await this.#guard(gatt.services())) {
      const service = await this.#guard(gatt.getPrimaryService(uuid));
      const chars = new Map<string, Characteristic>();
      for (const cu of await this.#guard(service.characteristics())) {
        const char = await this.#guard(service.getCharacteristic(cu));
        chars.set(shortUuid(cu), { char, flags: await this.#guard(char.getFlags()) });
      }
      this.#table.set(shortUuid(uuid), chars);
    }
    this.name = await this.#guard(this.device.getName()).catch(() => undefined);
  }

  services(): string[] {
    return [...this.#table.keys()];
  }

  flags(service: string, characteristic: string): readonly string[] | undefined {
    return this.#table.get(service)?.get(characteristic)?.flags;
  }

  async isPaired(): Promise<boolean> {
    // node-ble's typings say string; BlueZ's property is a boolean.
    return Boolean(await this.#guard(this.device.isPaired()));
  }

  async pair(): Promise<void> {
    await this.#guard(this.device.pair());
    // Trusted lets BlueZ accept the bonded device's reconnections without asking an agent.
    await this.#guard(this.opts.bluez.setTrusted(this.opts.path, true));
  }

  read(service: string, characteristic: string): Promise<Buffer> {
    return this.#guard(this.#char(service, characteristic).readValue());
  }

  async write(service: string, characteristic: string, value: Buffer): Promise<void> {
    await this.#guard(this.#char(service, characteristic).writeValue(value, { type: 'request' }));
  }

  async subscribe(service: string, characteristic: string, onValue: (value: Buffer) => void): Promise<void> {
    const char = this.#char(service, characteristic);
    char.on('valuechanged', onValue);
    this.#subscribed.push(char);
    await this.#guard(char.startNotifications());
  }

  disconnect(): Promise<void> {
    if (this.#closedBy) return Promise.resolve();
    this.#closing ??= (async () => {
      const { timers, timeouts, address, logger } = this.opts;
      await this.#guard(withTimeout(timers, this.device.disconnect(), timeouts.connectMs, `disconnect ${address}`)).catch((err: unknown) =>
        logger.debug({ err, deviceId: address }, 'disconnect failed (already gone?)'),
      );
      this.#finish('gateway');
    })();
    return this.#closing;
  }

  #char(service: string, characteristic: string): NodeBle.GattCharacteristic {
    const c = this.#table.get(service)?.get(characteristic);
    if (!c) throw new Error(`device ${this.opts.address} has no characteristic ${service}/${characteristic}`);
    return c.char;
  }

  /**
   * Count the call as in flight and race it against the link closing: after a device-initiated
   * disconnect a pending call may never be answered, and the caller must not hang on it.
   */
  #guard<T>(p: Promise<T>): Promise<T> {
    this.#inFlight++;
    const settled = (): void => {
      this.#inFlight--;
      this.#releaseWhenIdle();
    };
    p.then(settled, settled);
    return untilClosed(this, p);
  }

  #finish(reason: CloseReason): void {
    if (this.#closedBy) return;
    this.#closedBy = reason;
    // Stale node-ble objects keep their D-Bus subscriptions; make sure they can no longer reach our callbacks.
    for (const c of this.#subscribed) c.removeAllListeners('valuechanged');
    this.device.removeAllListeners('disconnect');
    this.device.removeAllListeners('connect');
    this.#settle(reason);
    // A call BlueZ never answers must not pin the bus connection for ever.
    this.#releaseTimer = this.opts.timers.setTimeout(() => this.#release(), this.opts.timeouts.releaseMs);
    this.#releaseWhenIdle();
  }

  /**
   * Release the node-ble instance only once no call is pending on it: a call made on a closed
   * dbus-next connection raises an 'error' event that node-ble never listens for.
   */
  #releaseWhenIdle(): void {
    if (this.#closedBy && this.#inFlight === 0) this.#release();
  }

  #release(): void {
    if (this.#released) return;
    this.#released = true;
    this.opts.timers.clearTimeout(this.#releaseTimer);
    this.opts.release();
  }
}
