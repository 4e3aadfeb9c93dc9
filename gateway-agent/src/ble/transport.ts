import dbus from 'dbus-next';
import type { MessageBus } from 'dbus-next';
import { EventEmitter } from 'node:events';
import type { Clock } from '../../../common/src/clock.ts';
import type { Logger } from '../../../common/src/logger.ts';
import { registerPairingAgent, type PairingAgent } from './agent.ts';
import { DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.ts';
import { createBluezClient, type BluezClient } from './bluez-client.ts';
import type { Central, DiscoveredDevice } from './central.ts';
import { DeviceConnection, type DeviceConnectionDeps } from './device-connection.ts';
import type { DeviceStateStore } from './device-state.ts';
import { BleStepError } from './errors.ts';
import type { BleStage, BleTransportEvents, Emit } from './events.ts';
import { createNodeBleCentral, type BluetoothHandle } from './node-ble-central.ts';
import { SUPPORTED_SERVICES } from './profiles.ts';
import { runSession, type SessionDeps } from './session.ts';
import { systemTimers, type Timers } from './timers.ts';
import { normaliseAddress } from './uuid.ts';

/** Time limits; BlueZ itself would wait for ever on some of these. */
export interface BleTimeouts {
  /** Discovery window of one scan. */
  scanMs: number;
  connectMs: number;
  /** Wait for ServicesResolved after connecting. */
  servicesMs: number;
  /** Wait for a meter's records and RACP response. */
  racpMs: number;
  /** How long a closed link waits for unanswered D-Bus calls before releasing its bus. */
  releaseMs: number;
}

export const DEFAULT_TIMEOUTS: BleTimeouts = { scanMs: 10_000, connectMs: 30_000, servicesMs: 30_000, racpMs: 60_000, releaseMs: 10_000 };

export interface BleTransportOptions {
  /**
   * node-ble's `createBluetooth` (a factory: a fresh D-Bus connection per device connection, all
   * destroyed by `close()`), or one `createBluetooth()` result shared by everything, which the
   * caller destroys. Use the factory in production: see {@link NodeBleCentralOptions.bluetooth}.
   */
  bluetooth: BluetoothHandle | (() => BluetoothHandle);
  /**
   * The D-Bus connection for the pairing agent and the BlueZ calls node-ble lacks. Default: a
   * new system-bus connection, closed by `close()`. A given connection is left open.
   */
  bus?: MessageBus | (() => MessageBus);
  adapterName?: string;
  /** Passkey for devices that pair by passkey entry (config `BLE_PASSKEY`). */
  passkey?: number;
  /**
   * Connect only these addresses. Without it, any device advertising a supported service is
   * taken, which in a block of flats may be the neighbour's meter.
   */
  allowList?: string[];
  /** IANA zone the devices' clocks show (config `GATEWAY_TIMEZONE`); default UTC. */
  timeZone?: string;
  /** Pair devices that are not bonded yet (default true). */
  bond?: boolean;
  /** Write the gateway's time to devices with a writable Current Time (default true). */
  writeTime?: boolean;
  clock: Clock;
  logger: Logger;
  state: DeviceStateStore;
  timers?: Timers;
  /** 0 ≤ x < 1, for backoff jitter; default Math.random. */
  random?: () => number;
  backoff?: Partial<BackoffPolicy>;
  timeouts?: Partial<BleTimeouts>;
}

/** The gateway's BLE side: finds, pairs and keeps devices connected, and emits their frames. */
export interface BleTransport extends EventEmitter<BleTransportEvents> {
  /** Register the pairing agent, scan once and keep every matching device connected. */
  start(): Promise<void>;
  /** Run one discovery window; start connection loops for new matches and return them. */
  scan(): Promise<DiscoveredDevice[]>;
  /** Keep this address connected (reconnecting with backoff) until `close()`. */
  watch(address: string): void;
  /** Stop reconnecting, disconnect, unregister the agent and close the connections it opened. */
  close(): Promise<void>;
}

/**
 * Build the BLE transport over node-ble and BlueZ.
 *
 * @example
 * const ble = createBleTransport({ bluetooth: createBluetooth, clock: systemClock, logger,
 *   state: new FileDeviceState(join(config.STATE_DIR, 'ble-devices.json')),
 *   passkey: Number(config.BLE_PASSKEY), timeZone: config.GATEWAY_TIMEZONE });
 * ble.on('frame', (f) => decodeAndQueue(f));
 * await ble.start();
 */
export function createBleTransport(opts: BleTransportOptions): BleTransport {
  return new Transport(opts);
}

class Transport extends EventEmitter<BleTransportEvents> implements BleTransport {
  readonly #connections = new Map<string, DeviceConnection>();
  readonly #allow: ReadonlySet<string> | undefined;
  readonly #timers: Timers;
  readonly #timeouts: BleTimeouts;
  readonly #bus: { value: MessageBus; owned: boolean };
  readonly #bluez: BluezClient;
  readonly #central: Central;
  readonly #connectionDeps: DeviceConnectionDeps;
  #agent: Promise<PairingAgent> | undefined;
  #closed = false;

  constructor(private readonly opts: BleTransportOptions) {
    super();
    this.#allow = opts.allowList?.length ? new Set(opts.allowList.map(normaliseAddress)) : undefined;
    this.#timers = opts.timers ?? systemTimers;
    this.#timeouts = { ...DEFAULT_TIMEOUTS, ...opts.timeouts };
    const bus = opts.bus ?? (() => dbus.systemBus());
    this.#bus = typeof bus === 'function' ? { value: bus(), owned: true } : { value: bus, owned: false };
    this.#bluez = createBluezClient(this.#bus.value);
    this.#central = createNodeBleCentral({
      bluetooth: opts.bluetooth,
      bluez: this.#bluez,
      timers: this.#timers,
      timeouts: this.#timeouts,
      logger: opts.logger,
      ...(opts.adapterName ? { adapterName: opts.adapterName } : {}),
    });
    const { clock, state, logger, timeZone = 'UTC', bond = true, writeTime = true } = opts;
    const session: SessionDeps = {
      clock,
      state,
      timeZone,
      bond,
      writeTime,
      logger,
      timers: this.#timers,
      racpTimeoutMs: this.#timeouts.racpMs,
      emit: this.#emit,
      reportError: this.#reportError,
    };
    this.#connectionDeps = {
      central: this.#central,
      runSession: (link) => runSession(link, session),
      timers: this.#timers,
      random: opts.random ?? Math.random,
      backoff: { ...DEFAULT_BACKOFF, ...opts.backoff },
      emit: this.#emit,
      reportError: this.#reportError,
      logger,
    };
  }

  async start(): Promise<void> {
    await this.#ready();
    await this.scan();
    for (const address of this.#allow ?? []) this.watch(address);
  }

  async scan(): Promise<DiscoveredDevice[]> {
    await this.#ready();
    let found: DiscoveredDevice[];
    try {
      found = await this.#central.discover(this.#timeouts.scanMs);
    } catch (err) {
      this.#reportError('discovery', err);
      return [];
    }
    const matches = found.filter((d) => (this.#allow ? this.#allow.has(d.address) : d.services.some((s) => SUPPORTED_SERVICES.has(s))));
    for (const d of matches) this.watch(d.address);
    return matches;
  }

  watch(address: string): void {
    if (this.#closed) throw new Error('BLE transport is closed');
    const deviceId = normaliseAddress(address);
    if (this.#connections.has(deviceId)) return;
    const connection = new DeviceConnection(deviceId, this.#connectionDeps);
    this.#connections.set(deviceId, connection);
    // The agent must be registered before the first Pair can ask it for a passkey.
    this.#ready().then(
      () => connection.start(),
      () => undefined,
    );
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all([...this.#connections.values()].map((c) => c.stop()));
    this.#connections.clear();
    const agent = await this.#agent?.catch(() => undefined);
    await agent?.close();
    await this.#central.close();
    if (this.#bus.owned) this.#bus.value.disconnect();
  }

  /** Register the agent once; a failure is reported once and rethrown to whoever waits for it. */
  #ready(): Promise<void> {
    this.#agent ??= registerPairingAgent({
      bus: this.#bus.value,
      bluez: this.#bluez,
      logger: this.opts.logger,
      ...(this.opts.passkey !== undefined ? { passkey: this.opts.passkey } : {}),
    }).catch((err: unknown) => {
      this.#reportError('agent', err);
      throw err;
    });
    return this.#agent.then(() => undefined);
  }

  /** Listener errors stay with the listener: a throwing frame handler must not break the BLE loop. */
  readonly #emit: Emit = (event, payload) => {
    try {
      (this.emit as (e: string, p: unknown) => boolean)(event, payload);
    } catch (err) {
      this.opts.logger.error({ err, event }, 'BLE event listener threw');
    }
  };

  /**
   * Log every error; emit `error` only to listeners that exist, because a BLE hiccup (a meter out
   * of range) is routine and Node would crash on an unheard 'error' event.
   */
  readonly #reportError = (stage: BleStage, error: unknown, deviceId?: string): void => {
    const cause = error instanceof BleStepError ? error.cause : error;
    const err = cause instanceof Error ? cause : new Error(String(cause));
    this.opts.logger.warn({ err, stage, deviceId }, 'BLE error');
    if (this.listenerCount('error') > 0) this.#emit('error', deviceId === undefined ? { stage, error: err } : { deviceId, stage, error: err });
  };
}
