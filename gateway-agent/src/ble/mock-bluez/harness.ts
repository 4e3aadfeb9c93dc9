import type { EventEmitter } from 'node:events';
import nodeBle from 'node-ble';
import { afterAll, beforeAll } from 'vitest';
import { ManualClock } from '../../../../common/src/clock.ts';
import { silentLogger } from '../../../../common/src/logger.ts';
import { MemoryDeviceState } from '../device-state.ts';
import type { BleTransportEvents } from '../events.ts';
import { createBleTransport, type BleTransport, type BleTransportOptions } from '../transport.ts';
import { createMockBluez, type MockBluez } from './mock-bluez.ts';
import { startPrivateBus, type PrivateBus, type PrivateBusOptions } from './private-bus.ts';

/** A private bus with a mock BlueZ on it, for one test file. */
export interface MockBluezBed {
  readonly bus: PrivateBus;
  readonly mock: MockBluez;
  /** Close the mock's connection and stop the daemon. */
  stop(): Promise<void>;
}

/**
 * Start a private dbus-daemon and a mock BlueZ on it, and point `DBUS_SYSTEM_BUS_ADDRESS` at it:
 * node-ble and dbus-next read it when a bus is created, so set it before `createBluetooth()`.
 * Call from `beforeAll`, and `stop()` from `afterAll`.
 */
export async function startMockBluezBed(opts: PrivateBusOptions = {}): Promise<MockBluezBed> {
  const bus = await startPrivateBus(opts);
  process.env.DBUS_SYSTEM_BUS_ADDRESS = bus.address;
  const mock = await createMockBluez(bus.address).catch(async (err: unknown) => {
    await bus.stop();
    throw err;
  });
  return {
    bus,
    mock,
    async stop() {
      await mock.close();
      await bus.stop();
    },
  };
}

/**
 * Register `beforeAll`/`afterAll` hooks that start a private bus with a mock BlueZ for this test
 * file and stop it afterwards. Read `.mock` inside tests.
 */
export function useMockBluez(opts: PrivateBusOptions = {}): { readonly mock: MockBluez } {
  let bed: MockBluezBed | undefined;
  beforeAll(async () => {
    bed = await startMockBluezBed(opts);
  });
  afterAll(async () => {
    await bed?.stop();
  });
  return {
    get mock() {
      if (!bed) throw new Error('mock BlueZ is not running (use it inside a test)');
      return bed.mock;
    },
  };
}

/**
 * A transport tuned for tests: node-ble's own factory (a fresh instance per connection, all
 * destroyed by `close()`), a fixed clock, in-memory state, short scan and reconnect delays and
 * no jitter randomness.
 */
export function testTransport(overrides: Partial<BleTransportOptions> = {}): BleTransport {
  return createBleTransport({
    bluetooth: nodeBle.createBluetooth,
    clock: new ManualClock(Date.UTC(2026, 0, 2, 9, 0, 0)),
    logger: silentLogger(),
    state: new MemoryDeviceState(),
    random: () => 0.5,
    ...overrides,
    backoff: { initialMs: 10, maxMs: 40, factor: 2, jitter: 0.5, ...overrides.backoff },
    timeouts: { scanMs: 30, connectMs: 5_000, servicesMs: 5_000, racpMs: 5_000, releaseMs: 1_000, ...overrides.timeouts },
  });
}

/** Run `fn` with a {@link testTransport}, closing it however `fn` ends. */
export async function withTransport(overrides: Partial<BleTransportOptions>, fn: (ble: BleTransport) => Promise<void>): Promise<void> {
  const ble = testTransport(overrides);
  try {
    await fn(ble);
  } finally {
    await ble.close();
  }
}

type Payload<K extends keyof BleTransportEvents> = BleTransportEvents[K][0];

/**
 * The next `event` whose payload passes `accept`. Subscribe before the action that causes it.
 * @throws Error after `timeoutMs`, naming the event
 */
export function nextEvent<K extends keyof BleTransportEvents>(
  emitter: EventEmitter<BleTransportEvents>,
  event: K,
  accept: (payload: Payload<K>) => boolean = () => true,
  timeoutMs = 5_000,
): Promise<Payload<K>> {
  return new Promise((resolve, reject) => {
    const on = emitter.on.bind(emitter) as (e: K, l: (p: Payload<K>) => void) => void;
    const off = emitter.off.bind(emitter) as (e: K, l: (p: Payload<K>) => void) => void;
    const timer = setTimeout(() => {
      off(event, listener);
      reject(new Error(`no '${String(event)}' event within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (p: Payload<K>): void => {
      if (!accept(p)) return;
      clearTimeout(timer);
      off(event, listener);
      resolve(p);
    };
    on(event, listener);
  });
}

/** Every `event` payload from now on, in order. */
export function collect<K extends keyof BleTransportEvents>(emitter: EventEmitter<BleTransportEvents>, event: K): Payload<K>[] {
  const out: Payload<K>[] = [];
  (emitter.on.bind(emitter) as (e: K, l: (p: Payload<K>) => void) => void)(event, (p) => out.push(p));
  return out;
}
