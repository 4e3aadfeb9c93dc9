import type { EventEmitter } from 'node:events';
import type { WireReading } from '../../../common/src/wire/readings.ts';
import type { OutboxFullInfo } from './errors.ts';

/** One stored reading and its outbox sequence number (1, 2, 3… in append order, never reused). */
export interface OutboxEntry {
  seq: number;
  reading: WireReading;
}

/** Where an append landed: `lastSeq < firstSeq` when nothing was appended. */
export interface AppendResult {
  firstSeq: number;
  lastSeq: number;
}

/**
 * Size bounds. Bytes are counted as stored records (a 16-byte header plus the reading's JSON),
 * and only for unacknowledged readings, so both implementations fill up at the same point.
 */
export interface BufferLimits {
  /** Most unacknowledged readings held; default 500,000. */
  maxReadings?: number;
  /** Most bytes of unacknowledged records held; default 256 MiB. */
  maxBytes?: number;
}

/** Counters for heartbeats and metrics. */
export interface OutboxStats {
  depth: number;
  bytes: number;
  /** Appends refused with OutboxFullError since this instance was opened. */
  fullRejections: number;
  /** Highest sequence number acknowledged (0 when none). */
  ackedThrough: number;
  /** Sequence number the next appended reading will get. */
  nextSeq: number;
}

/** Typed event map of a ReadingBuffer. */
export interface ReadingBufferEvents {
  /** Readings became durable; the publisher listens to start draining. */
  appended: [AppendResult];
  /** An append was refused because a bound would be crossed; see OutboxFullError. */
  outbox_full: [OutboxFullInfo];
}

/**
 * The gateway's durable queue of readings waiting for a broker PUBACK (ARCHITECTURE.md, at-least-once).
 *
 * Order is append order, kept across restarts. Removal is by prefix (`ackThrough`), because the
 * publisher acknowledges batches strictly in order; a prefix is one integer on disk, so the ack
 * pointer can be replaced atomically.
 *
 * Full policy: when a bound would be crossed, `append` rejects with OutboxFullError, stores none of
 * the batch, emits `outbox_full` and counts it in `stats().fullRejections`. It never drops a stored
 * reading to make room: the caller keeps the readings at their source and fetches them again later.
 *
 * One process owns a buffer at a time; calls are applied one after another in call order.
 */
export interface ReadingBuffer extends Pick<EventEmitter<ReadingBufferEvents>, 'on' | 'once' | 'off'> {
  /**
   * Store readings after all earlier ones. Resolves only once they are durable (disk: written and
   * fdatasync'ed). All or none of the batch is stored.
   * @throws OutboxFullError when a size bound would be crossed.
   * @throws OutboxClosedError after close(); OutboxFailedError after a storage error.
   */
  append(readings: readonly WireReading[]): Promise<AppendResult>;
  /**
   * The oldest unacknowledged entries, oldest first, without removing them.
   * @param max - most entries returned.
   * @param after - only entries with a sequence number above this (a publisher's send cursor).
   */
  peek(max: number, after?: number): Promise<OutboxEntry[]>;
  /**
   * Remove every entry with `seq <= through`, durably. Acknowledging an already removed prefix is a no-op.
   * @throws RangeError when `through` is above the last appended sequence number.
   */
  ackThrough(through: number): Promise<void>;
  /** Unacknowledged readings held now. */
  depth(): number;
  stats(): OutboxStats;
  /** Wait for queued calls, then release files. Later calls reject with OutboxClosedError. */
  close(): Promise<void>;
}
