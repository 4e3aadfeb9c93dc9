import { appendFile, readdir, readFile, stat, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACK_FILE } from './ack-pointer.ts';
import { openDiskBuffer, type DiskBufferOptions, type DiskReadingBuffer } from './disk-buffer.ts';
import { encodeRecord } from './record-codec.ts';
import { describeReadingBufferContract } from './reading-buffer.contract.ts';
import { makeReading, makeReadings } from './test-readings.ts';
import { closeAfterEach, useTempDirs } from './test-support.ts';

const freshDir = useTempDirs('outbox-disk-');

describeReadingBufferContract('disk buffer', { open: (limits) => openDiskBuffer({ dir: freshDir(), ...limits }) });

describe('disk buffer', () => {
  const track = closeAfterEach<DiskReadingBuffer>();
  const open = async (options: DiskBufferOptions) => track(await openDiskBuffer(options));
  const segmentFiles = async (dir: string) => (await readdir(dir)).filter((n) => n.endsWith('.seg')).sort();
  const sequences = async (buffer: DiskReadingBuffer) => (await buffer.peek(10_000)).map((e) => e.reading.sequence);
  const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

  it('keeps unacknowledged entries, in order, across close and reopen', async () => {
    const dir = freshDir();
    const first = await open({ dir });
    await first.append(makeReadings(0, 5));
    await first.append(makeReadings(5, 5));
    await first.ackThrough(3);
    const before = first.stats();
    await first.close();

    const second = await open({ dir });
    expect(await sequences(second)).toEqual(range(3, 7));
    expect(second.stats()).toEqual(before);
    expect(await second.append([makeReading(10)])).toEqual({ firstSeq: 11, lastSeq: 11 });
    expect(second.recovery.truncations).toEqual([]);
  });

  it('never reuses a sequence number, even when every segment was deleted', async () => {
    const dir = freshDir();
    const first = await open({ dir, segmentBytes: 1 });
    await first.append(makeReadings(0, 3));
    await first.ackThrough(3);
    await first.close();
    expect(await segmentFiles(dir)).toEqual([]);

    const second = await open({ dir });
    expect(second.depth()).toBe(0);
    expect(await second.append([makeReading(3)])).toEqual({ firstSeq: 4, lastSeq: 4 });
  });

  it('rotates segments, deletes fully acknowledged ones, and reads across segment boundaries', async () => {
    const dir = freshDir();
    const buffer = await open({ dir, segmentBytes: 2_000 });
    for (let i = 0; i < 40; i += 4) await buffer.append(makeReadings(i, 4));
    const files = await segmentFiles(dir);
    expect(files.length).toBeGreaterThan(3);
    expect(await sequences(buffer)).toEqual(range(0, 40));
    expect((await buffer.peek(7, 10)).map((e) => e.seq)).toEqual(range(11, 7));

    await buffer.ackThrough(21);
    const starts = (await segmentFiles(dir)).map((name) => Number(name.slice(0, 16)));
    expect(starts.length).toBeLessThan(files.length);
    // The oldest file left holds seq 22; the one after it must start later, or the oldest would be fully acknowledged.
    expect(starts[0]).toBeLessThanOrEqual(22);
    expect(starts[1]).toBeGreaterThan(22);
    await buffer.close();

    const reopened = await open({ dir, segmentBytes: 2_000 });
    expect(await sequences(reopened)).toEqual(range(21, 19));
  });

  it('writes the ack pointer by atomic replace and removes a temp file a crash left behind', async () => {
    const dir = freshDir();
    const buffer = await open({ dir });
    await buffer.append(makeReadings(0, 3));
    await buffer.ackThrough(2);
    expect(JSON.parse(await readFile(join(dir, ACK_FILE), 'utf8'))).toEqual({ v: 1, ackedThrough: 2 });
    await buffer.close();
    await writeFile(join(dir, `${ACK_FILE}.tmp`), '{"v":1,"acked');

    const reopened = await open({ dir });
    expect(await sequences(reopened)).toEqual([2]);
    expect((await readdir(dir)).some((n) => n.endsWith('.tmp'))).toBe(false);
  });

  it('treats an unreadable ack pointer as "nothing acknowledged" (resend, never lose)', async () => {
    const dir = freshDir();
    const buffer = await open({ dir });
    await buffer.append(makeReadings(0, 3));
    await buffer.ackThrough(1);
    await buffer.close();
    await writeFile(join(dir, ACK_FILE), 'garbage');

    const reopened = await open({ dir });
    expect(await sequences(reopened)).toEqual([0, 1, 2]);
    expect(reopened.recovery.ackPointerProblem).toMatch(/unreadable/);
  });

  describe('torn tail after a crash', () => {
    const tails: [string, (seq: number) => Buffer][] = [
      ['a partial header', () => Buffer.from([0, 0, 1])],
      ['a partial payload', (seq) => encodeRecord({ seq, payload: Buffer.from(JSON.stringify(makeReading(99))) }).subarray(0, 40)],
      ['a whole record with a bad checksum', (seq) => flipLastByte(encodeRecord({ seq, payload: Buffer.from('{"x":1}') }))],
      ['zeros (file extended, data never written)', () => Buffer.alloc(300)],
      ['a record numbered out of order', (seq) => encodeRecord({ seq: seq + 5, payload: Buffer.from('{}') })],
    ];
    it.each(tails)('is cut off when it is %s', async (_label, tail) => {
      const dir = freshDir();
      const buffer = await open({ dir });
      await buffer.append(makeReadings(0, 3));
      await buffer.close();
      const [file] = await segmentFiles(dir);
      const path = join(dir, file!);
      const goodSize = (await stat(path)).size;
      await appendFile(path, tail(4));

      const reopened = await open({ dir });
      expect(reopened.recovery.truncations).toEqual([expect.objectContaining({ file, atByte: goodSize })]);
      expect((await stat(path)).size).toBe(goodSize);
      expect(await sequences(reopened)).toEqual([0, 1, 2]);
      await reopened.append([makeReading(3)]);
      await reopened.close();

      const again = await open({ dir });
      expect(await sequences(again)).toEqual([0, 1, 2, 3]);
      expect(again.recovery.truncations).toEqual([]);
    });

    it('loses only the torn record when the crash cut the last append short', async () => {
      const dir = freshDir();
      const buffer = await open({ dir });
      await buffer.append(makeReadings(0, 4));
      await buffer.close();
      const path = join(dir, (await segmentFiles(dir))[0]!);
      await truncate(path, (await stat(path)).size - 5);

      const reopened = await open({ dir });
      expect(await sequences(reopened)).toEqual([0, 1, 2]);
      expect(await reopened.append([makeReading(3)])).toEqual({ firstSeq: 4, lastSeq: 4 });
    });
  });

  it('keeps later segments when an older one is corrupt in the middle (disk corruption, not a crash)', async () => {
    const dir = freshDir();
    const buffer = await open({ dir, segmentBytes: 1 });
    for (let i = 0; i < 3; i++) await buffer.append(makeReadings(i * 2, 2));
    await buffer.close();
    const [oldest] = await segmentFiles(dir);
    const path = join(dir, oldest!);
    const data = await readFile(path);
    data.writeUInt8(data.readUInt8(data.length - 3) ^ 0xff, data.length - 3);
    await writeFile(path, data);

    const reopened = await open({ dir, segmentBytes: 1 });
    expect(await sequences(reopened)).toEqual([0, 2, 3, 4, 5]);
    expect(reopened.recovery.truncations).toHaveLength(1);
  });

  it('rejects an invalid segment size when opened', async () => {
    await expect(openDiskBuffer({ dir: freshDir(), segmentBytes: 0 })).rejects.toBeInstanceOf(RangeError);
  });
});

function flipLastByte(record: Buffer): Buffer {
  record.writeUInt8(record.readUInt8(record.length - 1) ^ 0x01, record.length - 1);
  return record;
}
