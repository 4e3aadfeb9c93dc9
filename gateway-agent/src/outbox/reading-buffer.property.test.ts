import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openDiskBuffer } from './disk-buffer.ts';
import { OutboxFullError } from './errors.ts';
import { createMemoryBuffer } from './memory-buffer.ts';
import type { ReadingBuffer } from './reading-buffer.ts';
import { makeReadings } from './test-readings.ts';
import { useTempDirs } from './test-support.ts';

/** The whole specification in a few lines: a list of sequence numbers and a cursor-free prefix ack. */
interface Model {
  nextSeq: number;
  unacked: number[];
}

type Op =
  | { kind: 'append'; count: number }
  | { kind: 'peek'; max: number; after: number | undefined }
  | { kind: 'ack'; beyondHead: number }
  | { kind: 'reopen' };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('append' as const), count: fc.integer({ min: 0, max: 6 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('peek' as const), max: fc.integer({ min: 0, max: 12 }), after: fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('ack' as const), beyondHead: fc.integer({ min: -2, max: 8 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'reopen' as const }) },
);

/** Apply one operation to the buffer and the model, and compare what each says. */
async function step(buffer: ReadingBuffer, model: Model, o: Op, maxReadings: number): Promise<void> {
  switch (o.kind) {
    case 'append': {
      const readings = makeReadings(model.nextSeq - 1, o.count);
      if (model.unacked.length + o.count > maxReadings) {
        await expect(buffer.append(readings)).rejects.toBeInstanceOf(OutboxFullError);
        break;
      }
      await buffer.append(readings);
      for (let i = 0; i < o.count; i++) model.unacked.push(model.nextSeq++);
      break;
    }
    case 'peek': {
      const expected = model.unacked.filter((s) => s > (o.after ?? 0)).slice(0, o.max);
      const entries = await buffer.peek(o.max, o.after);
      expect(entries.map((e) => e.seq)).toEqual(expected);
      expect(entries.map((e) => e.reading.sequence)).toEqual(expected.map((s) => s - 1));
      break;
    }
    case 'ack': {
      const through = (model.unacked[0] ?? model.nextSeq) - 1 + o.beyondHead;
      if (through >= model.nextSeq) {
        await expect(buffer.ackThrough(through)).rejects.toBeInstanceOf(RangeError);
        break;
      }
      await buffer.ackThrough(through);
      model.unacked = model.unacked.filter((s) => s > through);
      break;
    }
    case 'reopen':
      break;
  }
  expect(buffer.depth()).toBe(model.unacked.length);
}

const scenario = fc.record({ maxReadings: fc.integer({ min: 3, max: 30 }), ops: fc.array(op, { maxLength: 40 }) });

describe('any interleaving of append, peek, ack and reopen matches the model', () => {
  it('memory buffer', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ maxReadings, ops }) => {
        const buffer = createMemoryBuffer({ maxReadings });
        const model: Model = { nextSeq: 1, unacked: [] };
        for (const o of ops) await step(buffer, model, o, maxReadings);
        await buffer.close();
      }),
      { numRuns: 200 },
    );
  });

  const freshDir = useTempDirs('outbox-prop-');

  it('disk buffer, reopened from disk at random points, with tiny segments', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, fc.integer({ min: 1, max: 3000 }), async ({ maxReadings, ops }, segmentBytes) => {
        const options = { dir: freshDir(), maxReadings, segmentBytes };
        let buffer = await openDiskBuffer(options);
        const model: Model = { nextSeq: 1, unacked: [] };
        try {
          for (const o of ops) {
            if (o.kind === 'reopen') {
              await buffer.close();
              buffer = await openDiskBuffer(options);
            }
            await step(buffer, model, o, maxReadings);
          }
        } finally {
          await buffer.close();
        }
      }),
      { numRuns: 60 },
    );
  });
});
