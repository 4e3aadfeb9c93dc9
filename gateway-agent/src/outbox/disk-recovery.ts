import { mkdir, open, readFile, readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { readAckPointer } from './ack-pointer.ts';
import { TEMP_SUFFIX } from './durable-fs.ts';
import { scanRecords, type ScanStop } from './record-codec.ts';
import type { BufferState } from './reading-buffer-base.ts';
import { listSegmentFiles, Segment } from './segment.ts';

/** A segment cut short on open, and why. */
export interface Truncation {
  file: string;
  /** Length the file was cut to: the end of its last whole record. */
  atByte: number;
  droppedBytes: number;
  reason: Exclude<ScanStop, 'end'>;
}

/** What opening the log found and repaired. */
export interface RecoveryReport {
  segments: number;
  deletedSegments: number;
  /** Usually one entry at most, the tail torn by a crash; one in an older segment means disk corruption. */
  truncations: Truncation[];
  ackPointerProblem?: string;
}

export interface Recovered {
  segments: Segment[];
  state: BufferState;
  report: RecoveryReport;
}

/**
 * A fully acknowledged segment can go, except the newest while it still has room: keeping it
 * spares steady light traffic a file creation and directory fsync per batch.
 */
export function isDisposable(segment: Segment, ackedThrough: number, isNewest: boolean, segmentBytes: number): boolean {
  return segment.lastSeq <= ackedThrough && !(isNewest && segment.size < segmentBytes && segment.count > 0);
}

async function removeTempFiles(dir: string): Promise<void> {
  for (const name of await readdir(dir)) {
    if (name.endsWith(TEMP_SUFFIX)) await unlink(join(dir, name));
  }
}

async function truncateDurably(path: string, length: number): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.truncate(length);
    await handle.datasync();
  } finally {
    await handle.close();
  }
}

/**
 * Open the log in `dir` (creating it): read the ack pointer, scan every segment that may hold
 * unacknowledged records, cut each at its last whole record (a torn tail after `kill -9`), and drop
 * segments that are empty or fully acknowledged. The next sequence number continues above both the
 * last record and the ack pointer, so a number is never reused even when every segment is gone.
 */
export async function recoverLog(dir: string, segmentBytes: number): Promise<Recovered> {
  await mkdir(dir, { recursive: true });
  await removeTempFiles(dir);
  const ack = await readAckPointer(dir);
  const ackedThrough = ack.ackedThrough;
  const files = await listSegmentFiles(dir);
  const report: RecoveryReport = { segments: 0, deletedSegments: 0, truncations: [], ...(ack.problem ? { ackPointerProblem: ack.problem } : {}) };
  const kept: Segment[] = [];
  let highestSeq = ackedThrough;

  for (const [i, file] of files.entries()) {
    const path = join(dir, file.name);
    const next = files[i + 1];
    // Everything before the next segment's first record is acknowledged: no need to read it.
    if (next !== undefined && next.firstSeq - 1 <= ackedThrough) {
      await unlink(path);
      report.deletedSegments += 1;
      continue;
    }
    const data = await readFile(path);
    const scan = scanRecords(data, file.firstSeq);
    if (scan.stop !== 'end') {
      await truncateDurably(path, scan.validBytes);
      report.truncations.push({ file: file.name, atByte: scan.validBytes, droppedBytes: data.length - scan.validBytes, reason: scan.stop });
    }
    const segment = new Segment(dir, file.firstSeq, scan.records.map((r) => r.offset), scan.validBytes);
    if (segment.count === 0 || isDisposable(segment, ackedThrough, next === undefined, segmentBytes)) {
      await segment.delete();
      report.deletedSegments += 1;
      continue;
    }
    kept.push(segment);
    highestSeq = Math.max(highestSeq, segment.lastSeq);
  }

  report.segments = kept.length;
  const unacked = kept.map((s) => s.measure(ackedThrough, Number.MAX_SAFE_INTEGER));
  const state: BufferState = {
    nextSeq: highestSeq + 1,
    ackedThrough,
    depth: unacked.reduce((sum, f) => sum + f.count, 0),
    bytes: unacked.reduce((sum, f) => sum + f.bytes, 0),
  };
  return { segments: kept, state, report };
}
