/**
 * The gateway agent's BLE transport: discovery, pairing, reconnects, glucose RACP transfers,
 * clock sync, and raw GATT frames as typed events. See docs/ble.md.
 */
export { createBleTransport, DEFAULT_TIMEOUTS, type BleTimeouts, type BleTransport, type BleTransportOptions } from './transport.ts';
export type { BluetoothHandle } from './node-ble-central.ts';
export type * from './events.ts';
export { MemoryDeviceState, type DeviceState, type DeviceStateStore } from './device-state.ts';
export { FileDeviceState } from './file-device-state.ts';
export { DEFAULT_BACKOFF, backoffDelay, type BackoffPolicy } from './backoff.ts';
export { MEASUREMENT_PROFILES, SUPPORTED_SERVICES, type ServiceProfile } from './profiles.ts';
export { systemTimers, type Timers } from './timers.ts';
export type { DiscoveredDevice } from './central.ts';
export { BleStepError, BleTimeoutError, DeviceNotFoundError, DisconnectedError, RacpError } from './errors.ts';
