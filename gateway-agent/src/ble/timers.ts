import { BleTimeoutError } from './errors.ts';

/** Timer functions, injected so tests can drive reconnects and timeouts. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The real timers. */
export const systemTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Resolve after `ms`. */
export function sleep(timers: Timers, ms: number): Promise<void> {
  return new Promise((resolve) => timers.setTimeout(resolve, ms));
}

/**
 * Settle with `promise`, or reject with {@link BleTimeoutError} after `ms`.
 * @param operation - named in the error, e.g. `connect AA:BB:…`
 */
export function withTimeout<T>(timers: Timers, promise: Promise<T>, ms: number, operation: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const handle = timers.setTimeout(() => reject(new BleTimeoutError(operation, ms)), ms);
    promise.then(
      (v) => {
        timers.clearTimeout(handle);
        resolve(v);
      },
      (err: unknown) => {
        timers.clearTimeout(handle);
        reject(err);
      },
    );
  });
}
