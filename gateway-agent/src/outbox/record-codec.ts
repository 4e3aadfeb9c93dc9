import { crc32 } from 'node:zlib';

/**
 * Record framing of the segment log:
 *
 * | bytes | field                                                   |
 * | ----- | ------------------------------------------------------- |
 * | 0–3   | payload length, u32 big-endian                          |
 * | 4–7   | CRC32 of bytes 0–3 and 8–end                            |
 * | 8–15  | outbox sequence number, u64 big-endian                  |
 * | 16–   | payload: the reading as UTF-8 JSON                      |
 *
 * The length prefix lets a reader find the next record; the CRC makes a torn or zero-filled tail
 * (what a `kill -9` or power cut leaves) detectable, so recovery can cut the log at the last whole record.
 */
export const RECORD_HEADER_BYTES = 16;

/** Far above any reading the wire schema allows; a bigger length in a header means garbage. */
export const MAX_PAYLOAD_BYTES = 1 << 20;

/** A record as stored: its sequence number and JSON payload. */
export interface StoredRecord {
  seq: number;
  payload: Buffer;
}

/** A record found in a buffer, with where it starts and its full size including the header. */
export interface ScannedRecord extends StoredRecord {
  offset: number;
  size: number;
}

/** Why a scan stopped: `end` means every byte belonged to a valid record. */
export type ScanStop = 'end' | 'short_header' | 'bad_length' | 'short_payload' | 'bad_crc' | 'bad_sequence';

export interface ScanResult {
  records: ScannedRecord[];
  /** Bytes from the start of the buffer up to the end of the last valid record. */
  validBytes: number;
  stop: ScanStop;
}

/** Size on disk of a record with a payload of this many bytes. */
export function recordSize(payloadBytes: number): number {
  return RECORD_HEADER_BYTES + payloadBytes;
}

function checksum(record: Buffer): number {
  // The length is covered too: a flipped length bit must not select a payload that happens to match.
  return crc32(record.subarray(8), crc32(record.subarray(0, 4)));
}

/** Frame one record. */
export function encodeRecord({ seq, payload }: StoredRecord): Buffer {
  const record = Buffer.allocUnsafe(recordSize(payload.length));
  record.writeUInt32BE(payload.length, 0);
  record.writeBigUInt64BE(BigInt(seq), 8);
  payload.copy(record, RECORD_HEADER_BYTES);
  record.writeUInt32BE(checksum(record), 4);
  return record;
}

/** Frame records back to back, for one write call. */
export function encodeRecords(records: readonly StoredRecord[]): Buffer {
  return Buffer.concat(records.map(encodeRecord));
}

/**
 * Read records from the start of `buf` while they are whole, checksummed and numbered
 * `firstSeq, firstSeq + 1, …`. Payloads are views into `buf`, not copies.
 */
export function scanRecords(buf: Buffer, firstSeq: number): ScanResult {
  const records: ScannedRecord[] = [];
  let offset = 0;
  const stop = (why: ScanStop): ScanResult => ({ records, validBytes: offset, stop: why });
  while (offset < buf.length) {
    if (buf.length - offset < RECORD_HEADER_BYTES) return stop('short_header');
    const length = buf.readUInt32BE(offset);
    if (length > MAX_PAYLOAD_BYTES) return stop('bad_length');
    const size = recordSize(length);
    if (buf.length - offset < size) return stop('short_payload');
    const record = buf.subarray(offset, offset + size);
    if (checksum(record) !== record.readUInt32BE(4)) return stop('bad_crc');
    const seq = Number(record.readBigUInt64BE(8));
    if (seq !== firstSeq + records.length) return stop('bad_sequence');
    records.push({ seq, payload: record.subarray(RECORD_HEADER_BYTES), offset, size });
    offset += size;
  }
  return stop('end');
}
