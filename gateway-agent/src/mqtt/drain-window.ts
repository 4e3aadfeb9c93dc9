import type { OutboxEntry } from '../outbox/reading-buffer.ts';

/** One ReadingsBatch published and not yet settled. */
export interface InflightBatch {
  /** Window generation it was sent in: a settle from an older generation is ignored. */
  readonly epoch: number;
  readonly firstSeq: number;
  readonly lastSeq: number;
  acked: boolean;
}

/**
 * The send window of the drain loop: at most `capacity` batches published and not yet
 * acknowledged, sent in outbox order. PUBACKs may come back out of order (aedes authorises the
 * packets of one socket read concurrently), so a batch's readings are released from the outbox
 * only when it and every batch before it are acknowledged: the outbox is always cut at a prefix.
 */
export class DrainWindow {
  #epoch = 0;
  #cursor = 0;
  #batches: InflightBatch[] = [];

  constructor(readonly capacity: number) {}

  /** Current generation; changes on reset(). */
  get epoch(): number {
    return this.#epoch;
  }

  /** Highest outbox sequence number already sent in this generation (0: start from the head). */
  get cursor(): number {
    return this.#cursor;
  }

  get size(): number {
    return this.#batches.length;
  }

  get hasRoom(): boolean {
    return this.#batches.length < this.capacity;
  }

  /** Record that `entries` (the next ones after the cursor, oldest first) were published as one batch. */
  open(entries: readonly OutboxEntry[]): InflightBatch {
    const batch: InflightBatch = { epoch: this.#epoch, firstSeq: entries[0]!.seq, lastSeq: entries.at(-1)!.seq, acked: false };
    this.#batches.push(batch);
    this.#cursor = batch.lastSeq;
    return batch;
  }

  /**
   * Mark a batch acknowledged by the broker.
   * @returns the sequence number the outbox may now be acknowledged through, or undefined when
   * an earlier batch is still outstanding (or the batch is from an older generation).
   */
  settle(batch: InflightBatch): number | undefined {
    if (batch.epoch !== this.#epoch) return undefined;
    batch.acked = true;
    let through: number | undefined;
    while (this.#batches[0]?.acked) through = this.#batches.shift()!.lastSeq;
    return through;
  }

  /** Forget everything in flight and start again from the outbox head (after a publish failed). */
  reset(): void {
    this.#epoch += 1;
    this.#cursor = 0;
    this.#batches = [];
  }
}
