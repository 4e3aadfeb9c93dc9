import { describe, expect, it } from 'vitest';
import { OutboxClosedError, OutboxFullError, type OutboxFullInfo } from './errors.ts';
import { recordSize } from './record-codec.ts';
import type { AppendResult, BufferLimits, ReadingBuffer } from './reading-buffer.ts';
import { makeReading, makeReadings } from './test-readings.ts';
import { closeAfterEach } from './test-support.ts';

/** How the shared suite gets a fresh, empty buffer of one implementation. */
export interface BufferHarness {
  open(limits?: BufferLimits): Promise<ReadingBuffer>;
}

const ids = (entries: { reading: { id: string } }[]) => entries.map((e) => e.reading.id);
const idsOf = (from: number, count: number) => makeReadings(from, count).map((r) => r.id);

/**
 * The behaviour every ReadingBuffer must have, run against each implementation
 * (after MQTT.js test/abstract_store: one suite, many stores).
 */
export function describeReadingBufferContract(name: string, harness: BufferHarness): void {
  describe(`${name} (ReadingBuffer contract)`, () => {
    const track = closeAfterEach<ReadingBuffer>();
    const open = async (limits?: BufferLimits) => track(await harness.open(limits));

    it('starts empty', async () => {
      const buffer = await open();
      expect(buffer.depth()).toBe(0);
      expect(await buffer.peek(10)).toEqual([]);
      expect(buffer.stats()).toEqual({ depth: 0, bytes: 0, fullRejections: 0, ackedThrough: 0, nextSeq: 1 });
    });

    it('numbers appended readings consecutively and peeks them oldest first, unchanged', async () => {
      const buffer = await open();
      expect(await buffer.append(makeReadings(0, 3))).toEqual({ firstSeq: 1, lastSeq: 3 });
      expect(await buffer.append(makeReadings(3, 2))).toEqual({ firstSeq: 4, lastSeq: 5 });
      const entries = await buffer.peek(10);
      expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
      expect(entries.map((e) => e.reading)).toEqual(makeReadings(0, 5));
      expect(buffer.depth()).toBe(5);
    });

    it('peek returns at most max entries and continues after a cursor', async () => {
      const buffer = await open();
      await buffer.append(makeReadings(0, 10));
      expect(ids(await buffer.peek(4))).toEqual(idsOf(0, 4));
      expect(ids(await buffer.peek(4, 4))).toEqual(idsOf(4, 4));
      expect(ids(await buffer.peek(4, 8))).toEqual(idsOf(8, 2));
      expect(await buffer.peek(4, 10)).toEqual([]);
      expect(await buffer.peek(0)).toEqual([]);
      expect(buffer.depth()).toBe(10);
    });

    it('ackThrough removes a prefix, also in the middle of an append', async () => {
      const buffer = await open();
      await buffer.append(makeReadings(0, 4));
      await buffer.append(makeReadings(4, 4));
      await buffer.ackThrough(6);
      expect(buffer.depth()).toBe(2);
      expect((await buffer.peek(10)).map((e) => e.seq)).toEqual([7, 8]);
      expect((await buffer.peek(10, 2)).map((e) => e.seq)).toEqual([7, 8]);
      await buffer.ackThrough(3);
      expect(buffer.depth()).toBe(2);
      await buffer.ackThrough(8);
      expect(buffer.depth()).toBe(0);
      expect(buffer.stats().bytes).toBe(0);
      expect(await buffer.peek(10)).toEqual([]);
      expect(await buffer.append([makeReading(8)])).toEqual({ firstSeq: 9, lastSeq: 9 });
    });

    it('refuses to acknowledge past the last appended reading', async () => {
      const buffer = await open();
      await buffer.append(makeReadings(0, 2));
      await expect(buffer.ackThrough(3)).rejects.toBeInstanceOf(RangeError);
      expect(buffer.depth()).toBe(2);
    });

    it('counts bytes as stored records', async () => {
      const buffer = await open();
      const readings = makeReadings(0, 3);
      await buffer.append(readings);
      const expected = readings.reduce((sum, r) => sum + recordSize(Buffer.byteLength(JSON.stringify(r))), 0);
      expect(buffer.stats().bytes).toBe(expected);
    });

    it('when maxReadings would be crossed: rejects the whole append, emits outbox_full, counts it, drops nothing', async () => {
      const buffer = await open({ maxReadings: 5 });
      const events: OutboxFullInfo[] = [];
      buffer.on('outbox_full', (info) => events.push(info));
      await buffer.append(makeReadings(0, 4));
      const refused = buffer.append(makeReadings(4, 2));
      await expect(refused).rejects.toBeInstanceOf(OutboxFullError);
      await expect(refused).rejects.toMatchObject({ info: { limit: 'readings', depth: 4, maxReadings: 5, attemptedReadings: 2 } });
      expect(events).toHaveLength(1);
      expect(buffer.stats().fullRejections).toBe(1);
      expect(ids(await buffer.peek(10))).toEqual(idsOf(0, 4));
      await buffer.append([makeReading(4)]);
      await buffer.ackThrough(2);
      await buffer.append(makeReadings(5, 2));
      expect(ids(await buffer.peek(10))).toEqual(idsOf(2, 5));
    });

    it('when maxBytes would be crossed: rejects with limit "bytes"', async () => {
      const one = recordSize(Buffer.byteLength(JSON.stringify(makeReading(0))));
      const buffer = await open({ maxBytes: one * 2 + 10 });
      await buffer.append(makeReadings(0, 2));
      await expect(buffer.append([makeReading(2)])).rejects.toMatchObject({ name: 'OutboxFullError', info: { limit: 'bytes' } });
      expect(buffer.stats()).toMatchObject({ depth: 2, fullRejections: 1 });
    });

    it('emits appended after the readings are stored', async () => {
      const buffer = await open();
      const seen: AppendResult[] = [];
      buffer.on('appended', (r) => seen.push(r));
      await buffer.append(makeReadings(0, 2));
      await buffer.append([]);
      expect(seen).toEqual([{ firstSeq: 1, lastSeq: 2 }]);
    });

    it('keeps call order for appends that were not awaited one by one', async () => {
      const buffer = await open();
      await Promise.all(Array.from({ length: 20 }, (_, i) => buffer.append(makeReadings(i * 3, 3))));
      expect(ids(await buffer.peek(100))).toEqual(idsOf(0, 60));
    });

    it('stores a copy: later changes to the caller object or to peeked objects do not leak in', async () => {
      const buffer = await open();
      const reading = makeReading(0);
      const appended = buffer.append([reading]);
      reading.deviceId = 'changed';
      await appended;
      const [first] = await buffer.peek(1);
      first!.reading.deviceId = 'changed too';
      expect((await buffer.peek(1))[0]!.reading).toEqual(makeReading(0));
    });

    it('rejects calls after close, and close can be called twice', async () => {
      const buffer = await open();
      await buffer.append(makeReadings(0, 1));
      await buffer.close();
      await buffer.close();
      await expect(buffer.append([makeReading(1)])).rejects.toBeInstanceOf(OutboxClosedError);
      await expect(buffer.peek(1)).rejects.toBeInstanceOf(OutboxClosedError);
      await expect(buffer.ackThrough(1)).rejects.toBeInstanceOf(OutboxClosedError);
    });
  });
}
