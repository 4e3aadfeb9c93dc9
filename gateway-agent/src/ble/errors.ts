import type { BleStage } from './events.ts';

/** An operation did not finish in time (BlueZ can wait forever, e.g. for ServicesResolved). */
export class BleTimeoutError extends Error {
  override name = 'BleTimeoutError';
  constructor(
    readonly operation: string,
    readonly timeoutMs: number,
  ) {
    super(`${operation} timed out after ${timeoutMs} ms`);
  }
}

/** BlueZ does not know the address, even after a discovery window. */
export class DeviceNotFoundError extends Error {
  override name = 'DeviceNotFoundError';
  constructor(readonly address: string) {
    super(`device ${address} not found`);
  }
}

/** The link dropped while an operation waited on it. Not a fault on its own: devices end sessions. */
export class DisconnectedError extends Error {
  override name = 'DisconnectedError';
  constructor(readonly address: string) {
    super(`device ${address} disconnected`);
  }
}

/** The device answered a Record Access Control Point request with a failure code. */
export class RacpError extends Error {
  override name = 'RacpError';
  constructor(
    readonly address: string,
    readonly responseCode: string,
  ) {
    super(`device ${address}: RACP request failed: ${responseCode}`);
  }
}

/** A connection step failed; `stage` says which (the error event carries it). */
export class BleStepError extends Error {
  override name = 'BleStepError';
  constructor(
    readonly stage: BleStage,
    override readonly cause: unknown,
  ) {
    super(`${stage}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}
