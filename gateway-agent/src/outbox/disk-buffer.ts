import type { Logger } from '../../../common/src/logger.ts';
import { writeAckPointer } from './ack-pointer.ts';
import { isDisposable, recoverLog, type RecoveryReport } from './disk-recovery.ts';
import type { StoredRecord } from './record-codec.ts';
import type { BufferLimits } from './reading-buffer.ts';
import { ReadingBufferBase, type BufferState, type Freed } from './reading-buffer-base.ts';
import { Segment } from './segment.ts';

/** Options of the disk outbox. */
export interface DiskBufferOptions extends BufferLimits {
  /** Directory owned by this outbox alone (one process at a time). Created if missing. */
  dir: string;
  /** Start a new segment file once the current one has reached this size; default 4 MiB. */
  segmentBytes?: number;
  /** Receives a warning when recovery repaired something. */
  logger?: Logger;
}

const DEFAULT_SEGMENT_BYTES = 4 * 1024 * 1024;

/**
 * A ReadingBuffer on local disk: an append-only log of segment files with length-prefixed,
 * CRC32-checked records (see record-codec.ts) and an ack pointer file replaced atomically.
 * `append` resolves after fdatasync (and a directory fsync when it started a new segment);
 * `ackThrough` resolves after the pointer is durable, then deletes fully acknowledged segments.
 */
export class DiskReadingBuffer extends ReadingBufferBase {
  /** What opening found and repaired (torn tail, deleted segments). */
  readonly recovery: RecoveryReport;
  readonly #dir: string;
  readonly #segmentBytes: number;
  #segments: Segment[];

  private constructor(options: DiskBufferOptions, segmentBytes: number, segments: Segment[], state: BufferState, report: RecoveryReport) {
    super(options, state);
    this.#dir = options.dir;
    this.#segmentBytes = segmentBytes;
    this.#segments = segments;
    this.recovery = report;
  }

  /**
   * Open (or create) the outbox in `options.dir`, recovering from a crash.
   * @throws RangeError on invalid options.
   */
  static async open(options: DiskBufferOptions): Promise<DiskReadingBuffer> {
    const segmentBytes = options.segmentBytes ?? DEFAULT_SEGMENT_BYTES;
    if (!Number.isSafeInteger(segmentBytes) || segmentBytes <= 0) throw new RangeError(`outbox segmentBytes must be a positive integer, got ${segmentBytes}`);
    const { segments, state, report } = await recoverLog(options.dir, segmentBytes);
    if (report.truncations.length > 0 || report.ackPointerProblem) {
      options.logger?.warn({ dir: options.dir, ...report }, 'outbox recovered from an unclean shutdown');
    }
    return new DiskReadingBuffer(options, segmentBytes, segments, state, report);
  }

  protected async storeRecords(records: readonly StoredRecord[]): Promise<void> {
    const firstSeq = records[0]!.seq;
    let segment = this.#segments.at(-1);
    if (segment === undefined || segment.size >= this.#segmentBytes || segment.lastSeq + 1 !== firstSeq) {
      // The sealed segment's descriptor is reopened only if a peek reaches it again.
      await segment?.close();
      segment = await Segment.create(this.#dir, firstSeq);
      this.#segments.push(segment);
    }
    await segment.append(records);
  }

  protected async loadRecords(fromSeq: number, max: number): Promise<StoredRecord[]> {
    const found: StoredRecord[] = [];
    for (const segment of this.#segments) {
      if (found.length >= max) break;
      if (segment.lastSeq < fromSeq) continue;
      found.push(...(await segment.read(fromSeq, max - found.length)));
    }
    return found;
  }

  protected async dropThrough(from: number, through: number): Promise<Freed> {
    const freed = this.#segments.map((s) => s.measure(from, through)).reduce((a, b) => ({ count: a.count + b.count, bytes: a.bytes + b.bytes }), { count: 0, bytes: 0 });
    await writeAckPointer(this.#dir, through);
    const newest = this.#segments.at(-1);
    const keep: Segment[] = [];
    for (const segment of this.#segments) {
      if (isDisposable(segment, through, segment === newest, this.#segmentBytes)) await segment.delete();
      else keep.push(segment);
    }
    this.#segments = keep;
    return freed;
  }

  protected async release(): Promise<void> {
    await Promise.all(this.#segments.map((s) => s.close()));
    this.#segments = [];
  }
}

/**
 * Open the disk outbox in `options.dir`.
 * @example
 * const outbox = await openDiskBuffer({ dir: '/var/lib/vitals/outbox', maxBytes: 64 * 1024 * 1024 });
 */
export function openDiskBuffer(options: DiskBufferOptions): Promise<DiskReadingBuffer> {
  return DiskReadingBuffer.open(options);
}
