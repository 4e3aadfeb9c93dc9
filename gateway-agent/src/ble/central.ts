import { DisconnectedError } from './errors.ts';

/**
 * The part of a BLE stack the transport uses, small enough to read at a glance. The production
 * implementation is node-ble over BlueZ (`node-ble-central.ts`). UUIDs here are 16-bit
 * upper-case (`1808`, `2A18`) wherever the SIG assigned one.
 */

/** A device BlueZ knows about after discovery. */
export interface DiscoveredDevice {
  address: string;
  name?: string;
  rssi?: number;
  /** Service UUIDs it advertises (Device1.UUIDs). */
  services: string[];
}

/** Why a link ended. */
export type CloseReason = 'device' | 'gateway';

export interface Central {
  /** Run a discovery window of `windowMs` (or join one already running) and list known devices. */
  discover(windowMs: number): Promise<DiscoveredDevice[]>;
  /**
   * Connect and resolve GATT services.
   * @throws DeviceNotFoundError when BlueZ does not know the address even after discovery
   * @throws BleTimeoutError when connecting or service resolution hangs
   */
  connect(address: string): Promise<Link>;
  /** Release what the central holds (bus connections it created). */
  close(): Promise<void>;
}

/** One connection to one device. */
export interface Link {
  readonly address: string;
  readonly name: string | undefined;
  /** Settles once, when the link drops, with who ended it. */
  readonly closed: Promise<CloseReason>;
  readonly isClosed: boolean;
  /** Service UUIDs resolved on this connection. */
  services(): string[];
  /** The characteristic's flags (`read`, `notify`, …); undefined when the device lacks it. */
  flags(service: string, characteristic: string): readonly string[] | undefined;
  isPaired(): Promise<boolean>;
  /** Pair (bond) through the registered agent, then mark the device trusted. */
  pair(): Promise<void>;
  read(service: string, characteristic: string): Promise<Buffer>;
  /** Write with response: control points and Current Time need the device's acknowledgement. */
  write(service: string, characteristic: string, value: Buffer): Promise<void>;
  /** Enable notifications or indications; `onValue` gets every value until the link closes. */
  subscribe(service: string, characteristic: string, onValue: (value: Buffer) => void): Promise<void>;
  /** Disconnect (idempotent); `closed` then settles with `gateway`. */
  disconnect(): Promise<void>;
}

/** True when the characteristic exists and has any of `wanted` among its flags. */
export function hasFlag(link: Link, service: string, characteristic: string, ...wanted: string[]): boolean {
  const flags = link.flags(service, characteristic);
  return flags !== undefined && wanted.some((f) => flags.includes(f));
}

/**
 * Settle with `promise`, or reject with DisconnectedError as soon as the link drops: a device
 * that ends the session will never answer what we were waiting for.
 */
export function untilClosed<T>(link: Link, promise: Promise<T>): Promise<T> {
  const dropped = link.closed.then(() => Promise.reject(new DisconnectedError(link.address)));
  // Handled here so it cannot surface as an unhandled rejection after `promise` has won.
  dropped.catch(() => undefined);
  return Promise.race([promise, dropped]);
}
