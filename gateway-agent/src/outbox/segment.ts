import { open, readdir, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { fsyncDir, readExactly, writeFully } from './durable-fs.ts';
import { OutboxCorruptError } from './errors.ts';
import { encodeRecords, recordSize, scanRecords, type StoredRecord } from './record-codec.ts';
import type { Freed } from './reading-buffer-base.ts';

const SEGMENT_NAME = /^(\d{16})\.seg$/;

/** File name of the segment whose first record has this sequence number; names sort in log order. */
export function segmentFileName(firstSeq: number): string {
  return `${String(firstSeq).padStart(16, '0')}.seg`;
}

/** Segment files in `dir`, oldest first. */
export async function listSegmentFiles(dir: string): Promise<{ firstSeq: number; name: string }[]> {
  const found: { firstSeq: number; name: string }[] = [];
  for (const name of await readdir(dir)) {
    const match = SEGMENT_NAME.exec(name);
    if (match) found.push({ firstSeq: Number(match[1]), name });
  }
  return found.sort((a, b) => a.firstSeq - b.firstSeq);
}

/**
 * One file of the append-only log. Its records have consecutive sequence numbers starting at
 * `firstSeq` (the name), so record `seq` is at `offsets[seq - firstSeq]`; only offsets are kept
 * in memory, the readings stay on disk.
 */
export class Segment {
  readonly path: string;
  readonly #offsets: number[];
  #size: number;
  #handle: FileHandle | undefined;

  constructor(
    dir: string,
    readonly firstSeq: number,
    offsets: number[] = [],
    size = 0,
  ) {
    this.path = join(dir, segmentFileName(firstSeq));
    this.#offsets = offsets;
    this.#size = size;
  }

  /** Create an empty segment file and make its directory entry durable before anything relies on it. */
  static async create(dir: string, firstSeq: number): Promise<Segment> {
    const segment = new Segment(dir, firstSeq);
    segment.#handle = await open(segment.path, 'a+');
    await fsyncDir(dir);
    return segment;
  }

  get count(): number {
    return this.#offsets.length;
  }

  /** Sequence number of the last record (`firstSeq - 1` when empty). */
  get lastSeq(): number {
    return this.firstSeq + this.#offsets.length - 1;
  }

  get size(): number {
    return this.#size;
  }

  /** Append records after the last one and fdatasync; only then are their offsets known to readers. */
  async append(records: readonly StoredRecord[]): Promise<void> {
    const data = encodeRecords(records);
    const handle = await this.#open();
    await writeFully(handle, data);
    await handle.datasync();
    for (const record of records) {
      this.#offsets.push(this.#size);
      this.#size += recordSize(record.payload.length);
    }
  }

  /** Up to `max` records with `seq >= fromSeq`, checked against their CRC again (bit rot since open). */
  async read(fromSeq: number, max: number): Promise<StoredRecord[]> {
    const first = Math.max(0, fromSeq - this.firstSeq);
    const count = Math.min(this.count - first, max);
    if (count <= 0) return [];
    const start = this.#offsets[first]!;
    const end = this.#endOf(first + count - 1);
    const scan = scanRecords(await readExactly(await this.#open(), start, end - start), this.firstSeq + first);
    if (scan.records.length !== count) throw new OutboxCorruptError(this.path, start + scan.validBytes, scan.stop);
    return scan.records.map(({ seq, payload }) => ({ seq, payload }));
  }

  /** How many records, and how many bytes of them, have `from < seq <= through`. */
  measure(from: number, through: number): Freed {
    const lo = Math.max(from + 1, this.firstSeq) - this.firstSeq;
    const hi = Math.min(through, this.lastSeq) - this.firstSeq;
    if (lo > hi) return { count: 0, bytes: 0 };
    return { count: hi - lo + 1, bytes: this.#endOf(hi) - this.#offsets[lo]! };
  }

  async close(): Promise<void> {
    const handle = this.#handle;
    this.#handle = undefined;
    await handle?.close();
  }

  /** Close and unlink. No directory fsync: if the unlink is lost, the ack pointer still marks it done. */
  async delete(): Promise<void> {
    await this.close();
    await unlink(this.path).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
  }

  #endOf(index: number): number {
    return this.#offsets[index + 1] ?? this.#size;
  }

  async #open(): Promise<FileHandle> {
    // 'a+': reads at any position, writes always at the end (O_APPEND).
    this.#handle ??= await open(this.path, 'a+');
    return this.#handle;
  }
}
