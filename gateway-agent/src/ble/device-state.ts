/** What the gateway remembers about a device between connections and restarts. */
export interface DeviceState {
  /** Highest glucose record sequence number delivered; the next RACP request asks for the ones after it. */
  lastSequence?: number;
  /** ISO time of the last change. */
  updatedAt?: string;
}

/** Per-device state store, keyed by BLE address. */
export interface DeviceStateStore {
  get(deviceId: string): Promise<DeviceState | undefined>;
  set(deviceId: string, state: DeviceState): Promise<void>;
}

/** In-memory store: for tests and simulations; forgets everything on restart. */
export class MemoryDeviceState implements DeviceStateStore {
  readonly #states = new Map<string, DeviceState>();

  async get(deviceId: string): Promise<DeviceState | undefined> {
    const s = this.#states.get(deviceId);
    // Copies, so a caller mutating what it got cannot change the store behind its back.
    return s && { ...s };
  }

  async set(deviceId: string, state: DeviceState): Promise<void> {
    this.#states.set(deviceId, { ...state });
  }
}
