import { EventEmitter } from 'node:events';
import type { WireReading } from '../../../common/src/wire/readings.ts';
import { OutboxClosedError, OutboxFailedError, OutboxFullError, type OutboxFullInfo } from './errors.ts';
import { MAX_PAYLOAD_BYTES, recordSize, type StoredRecord } from './record-codec.ts';
import type { AppendResult, BufferLimits, OutboxEntry, OutboxStats, ReadingBuffer, ReadingBufferEvents } from './reading-buffer.ts';
import { SerialQueue } from './serial-queue.ts';

/** Defaults sized for a gateway with a few devices offline for weeks; bytes dominate on small disks. */
export const DEFAULT_LIMITS: Required<BufferLimits> = { maxReadings: 500_000, maxBytes: 256 * 1024 * 1024 };

/** Where a storage starts: what recovery found on disk, or nothing. */
export interface BufferState {
  nextSeq: number;
  ackedThrough: number;
  depth: number;
  bytes: number;
}

export const EMPTY_STATE: BufferState = { nextSeq: 1, ackedThrough: 0, depth: 0, bytes: 0 };

/** What an ack freed, so the size bound can be updated. */
export interface Freed {
  count: number;
  bytes: number;
}

/**
 * Everything the memory and disk buffers share: ordering of calls, sequence numbers, the size
 * bound and its event, closing, and refusing work after a storage error. A subclass only stores,
 * loads and drops records.
 */
export abstract class ReadingBufferBase extends EventEmitter<ReadingBufferEvents> implements ReadingBuffer {
  readonly #queue = new SerialQueue();
  readonly #limits: Required<BufferLimits>;
  #state: BufferState;
  #fullRejections = 0;
  #closed = false;
  #failure: unknown = undefined;

  protected constructor(limits: BufferLimits, state: BufferState) {
    super();
    this.#limits = { maxReadings: limits.maxReadings ?? DEFAULT_LIMITS.maxReadings, maxBytes: limits.maxBytes ?? DEFAULT_LIMITS.maxBytes };
    for (const [name, value] of Object.entries(this.#limits)) {
      if (!Number.isSafeInteger(value) || value <= 0) throw new RangeError(`outbox ${name} must be a positive integer, got ${value}`);
    }
    this.#state = { ...state };
  }

  /** Append records (sequence numbers already assigned, consecutive) and make them durable. */
  protected abstract storeRecords(records: readonly StoredRecord[]): Promise<void>;
  /** Up to `max` records with `seq >= fromSeq`, oldest first. */
  protected abstract loadRecords(fromSeq: number, max: number): Promise<StoredRecord[]>;
  /** Durably drop records with `from < seq <= through`; report what that freed. */
  protected abstract dropThrough(from: number, through: number): Promise<Freed>;
  /** Release files or memory. */
  protected abstract release(): Promise<void>;

  append(readings: readonly WireReading[]): Promise<AppendResult> {
    // Serialised now, in the caller's turn, so changing the objects after the call cannot change what is stored.
    const payloads = readings.map((reading) => Buffer.from(JSON.stringify(reading), 'utf8'));
    return this.#exclusive(async () => {
      const oversized = payloads.find((p) => p.length > MAX_PAYLOAD_BYTES);
      if (oversized) throw new RangeError(`reading of ${oversized.length} bytes exceeds the ${MAX_PAYLOAD_BYTES}-byte record limit`);
      const firstSeq = this.#state.nextSeq;
      const records = payloads.map((payload, i) => ({ seq: firstSeq + i, payload }));
      const bytes = payloads.reduce((sum, p) => sum + recordSize(p.length), 0);
      this.#admit(records.length, bytes);
      const result = { firstSeq, lastSeq: firstSeq + records.length - 1 };
      if (records.length === 0) return result;
      await this.#storage(() => this.storeRecords(records));
      this.#state = { ...this.#state, nextSeq: result.lastSeq + 1, depth: this.#state.depth + records.length, bytes: this.#state.bytes + bytes };
      this.emit('appended', result);
      return result;
    });
  }

  peek(max: number, after = 0): Promise<OutboxEntry[]> {
    return this.#exclusive(async () => {
      if (!Number.isSafeInteger(max) || max < 0) throw new RangeError(`peek max must be a non-negative integer, got ${max}`);
      if (max === 0) return [];
      const from = Math.max(after, this.#state.ackedThrough) + 1;
      const records = await this.#storage(() => this.loadRecords(from, max));
      return records.map(({ seq, payload }) => ({ seq, reading: JSON.parse(payload.toString('utf8')) as WireReading }));
    });
  }

  ackThrough(through: number): Promise<void> {
    return this.#exclusive(async () => {
      const { ackedThrough, nextSeq } = this.#state;
      if (!Number.isSafeInteger(through) || through >= nextSeq) {
        throw new RangeError(`cannot acknowledge through ${through}: last appended sequence is ${nextSeq - 1}`);
      }
      if (through <= ackedThrough) return;
      const freed = await this.#storage(() => this.dropThrough(ackedThrough, through));
      this.#state = { ...this.#state, ackedThrough: through, depth: this.#state.depth - freed.count, bytes: this.#state.bytes - freed.bytes };
    });
  }

  depth(): number {
    return this.#state.depth;
  }

  stats(): OutboxStats {
    const { depth, bytes, ackedThrough, nextSeq } = this.#state;
    return { depth, bytes, ackedThrough, nextSeq, fullRejections: this.#fullRejections };
  }

  close(): Promise<void> {
    if (this.#closed) return this.#queue.run(async () => undefined);
    this.#closed = true;
    return this.#queue.run(() => this.release());
  }

  #exclusive<T>(task: () => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(new OutboxClosedError());
    return this.#queue.run(async () => {
      if (this.#failure !== undefined) throw new OutboxFailedError(this.#failure);
      return task();
    });
  }

  async #storage<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (err) {
      this.#failure = err;
      throw err;
    }
  }

  #admit(readings: number, bytes: number): void {
    const { depth, bytes: held } = this.#state;
    const { maxReadings, maxBytes } = this.#limits;
    const limit = depth + readings > maxReadings ? 'readings' : held + bytes > maxBytes ? 'bytes' : undefined;
    if (limit === undefined) return;
    const info: OutboxFullInfo = { limit, depth, bytes: held, maxReadings, maxBytes, attemptedReadings: readings, attemptedBytes: bytes };
    this.#fullRejections += 1;
    this.emit('outbox_full', info);
    throw new OutboxFullError(info);
  }
}
