import type { DeviceState, DeviceStateStore } from '../ble/device-state.ts';

/**
 * Ties the BLE transport's "last record fetched" mark to the outbox: the mark may only move once
 * every frame the device sent before it is on disk. Frames are stored in arrival order per
 * device; when one could not be stored (outbox full), the mark is not advanced, so the next
 * connection asks the meter (RACP) for those records again instead of losing them.
 */
export function createDurableProgress(inner: DeviceStateStore) {
  const chains = new Map<string, Promise<void>>();
  const failed = new Set<string>();
  return {
    /** Store one frame of a device after the ones before it; remembers a failure. */
    store(deviceId: string, storeFrame: () => Promise<unknown>): Promise<void> {
      const next = (chains.get(deviceId) ?? Promise.resolve()).then(storeFrame).then(
        () => undefined,
        () => void failed.add(deviceId),
      );
      chains.set(deviceId, next);
      return next;
    },
    /** The state store to give the transport. */
    state: {
      get: (deviceId: string) => inner.get(deviceId),
      async set(deviceId: string, state: DeviceState): Promise<void> {
        await chains.get(deviceId);
        if (failed.delete(deviceId)) return; // keep the old mark: those records are fetched again
        await inner.set(deviceId, state);
      },
    } satisfies DeviceStateStore,
  };
}
