import { describe, expect, it } from 'vitest';
import { createMemoryBuffer } from './memory-buffer.ts';
import { describeReadingBufferContract } from './reading-buffer.contract.ts';
import { makeReadings } from './test-readings.ts';

describeReadingBufferContract('memory buffer', { open: async (limits) => createMemoryBuffer(limits) });

describe('memory buffer', () => {
  it('stays ordered across many acknowledgements (array compaction)', async () => {
    const buffer = createMemoryBuffer();
    await buffer.append(makeReadings(0, 5000));
    for (let through = 7; through < 4990; through += 7) await buffer.ackThrough(through);
    const rest = await buffer.peek(100);
    expect(rest[0]!.seq).toBe(4985);
    expect(rest.map((e) => e.reading.sequence)).toEqual(makeReadings(4984, 16).map((r) => r.sequence));
  });

  it('rejects invalid limits when built', () => {
    expect(() => createMemoryBuffer({ maxReadings: 0 })).toThrow(RangeError);
  });
});
