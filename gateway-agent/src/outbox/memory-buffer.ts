import { recordSize, type StoredRecord } from './record-codec.ts';
import type { BufferLimits, ReadingBuffer } from './reading-buffer.ts';
import { EMPTY_STATE, ReadingBufferBase, type Freed } from './reading-buffer-base.ts';

/** Drop the acknowledged prefix of the array only now and then, so an ack is not O(depth). */
const COMPACT_AFTER = 1024;

/**
 * A ReadingBuffer in memory: same ordering, bounds and events as the disk one, nothing survives a
 * restart. For tests and for gateways that are told not to write to disk.
 */
export class MemoryReadingBuffer extends ReadingBufferBase {
  #records: StoredRecord[] = [];
  /** Index of the oldest unacknowledged record in #records. */
  #head = 0;

  constructor(limits: BufferLimits = {}) {
    super(limits, EMPTY_STATE);
  }

  protected async storeRecords(records: readonly StoredRecord[]): Promise<void> {
    for (const record of records) this.#records.push(record);
  }

  protected async loadRecords(fromSeq: number, max: number): Promise<StoredRecord[]> {
    const oldest = this.#records[this.#head];
    if (oldest === undefined) return [];
    // Sequence numbers in memory are consecutive, so the position is arithmetic.
    const start = this.#head + Math.max(0, fromSeq - oldest.seq);
    return this.#records.slice(start, start + max);
  }

  protected async dropThrough(_from: number, through: number): Promise<Freed> {
    const freed = { count: 0, bytes: 0 };
    for (let r = this.#records[this.#head]; r !== undefined && r.seq <= through; r = this.#records[this.#head]) {
      freed.count += 1;
      freed.bytes += recordSize(r.payload.length);
      this.#head += 1;
    }
    if (this.#head >= COMPACT_AFTER && this.#head * 2 >= this.#records.length) {
      this.#records = this.#records.slice(this.#head);
      this.#head = 0;
    }
    return freed;
  }

  protected async release(): Promise<void> {
    this.#records = [];
    this.#head = 0;
  }
}

/**
 * Create an in-memory ReadingBuffer.
 * @param limits - size bounds; see BufferLimits.
 */
export function createMemoryBuffer(limits: BufferLimits = {}): ReadingBuffer {
  return new MemoryReadingBuffer(limits);
}
