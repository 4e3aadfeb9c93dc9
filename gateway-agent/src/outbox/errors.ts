/**
 * Typed errors of the outbox. Each sets `name` so logs and `instanceof` checks agree,
 * and carries the numbers a caller needs to decide what to do next.
 */

/** Which configured bound an append would have crossed. */
export type OutboxLimit = 'readings' | 'bytes';

/** What the outbox held when it refused an append, and what was asked of it. */
export interface OutboxFullInfo {
  limit: OutboxLimit;
  depth: number;
  bytes: number;
  maxReadings: number;
  maxBytes: number;
  attemptedReadings: number;
  attemptedBytes: number;
}

/**
 * The outbox is at its size bound, so the append stored nothing (all or none of the batch).
 * The caller must keep the readings where they came from (the device's record store, or the
 * agent's per-device "last stored sequence" that it advances only after `append` resolves) so
 * that they are fetched again later: the outbox never drops a reading on its own.
 */
export class OutboxFullError extends Error {
  override name = 'OutboxFullError';
  constructor(readonly info: OutboxFullInfo) {
    super(`outbox full (${info.limit}): ${info.depth}/${info.maxReadings} readings, ${info.bytes}/${info.maxBytes} bytes; refused ${info.attemptedReadings} readings`);
  }
}

/** The outbox was closed; reopen it to continue. */
export class OutboxClosedError extends Error {
  override name = 'OutboxClosedError';
  constructor() {
    super('outbox is closed');
  }
}

/**
 * An earlier disk operation failed (for example fsync returned EIO or the disk is full). After a
 * failed fsync the state of the page cache is unknown, so the outbox refuses further work instead of
 * retrying; closing and reopening it re-reads the log from disk and recovers what is durable.
 */
export class OutboxFailedError extends Error {
  override name = 'OutboxFailedError';
  constructor(cause: unknown) {
    super('outbox stopped after a storage error; close and reopen it', { cause });
  }
}

/** A record read back from disk does not match its checksum (bit rot after the log was opened). */
export class OutboxCorruptError extends Error {
  override name = 'OutboxCorruptError';
  constructor(
    readonly file: string,
    readonly offset: number,
    reason: string,
  ) {
    super(`outbox record corrupt in ${file} at byte ${offset}: ${reason}`);
  }
}
