import { expect, it } from 'vitest';
import { openDiskBuffer } from './disk-buffer.ts';
import { spawnTsChild } from './test-child.ts';
import { makeReading } from './test-readings.ts';
import { useTempDirs } from './test-support.ts';

const freshDir = useTempDirs('outbox-crash-');

/** Highest number printed after `word`, or 0. */
function lastPrinted(lines: string[], word: string): number {
  return Math.max(0, ...lines.filter((l) => l.startsWith(`${word} `)).map((l) => Number(l.split(' ')[1])));
}

it('loses nothing whose append had resolved when the writer is SIGKILLed mid-way, over several crashes', async () => {
  const dir = freshDir();
  for (const [round, killAfter] of [60, 150, 40, 200].entries()) {
    const child = spawnTsChild('./append-child.ts', import.meta.url, [dir, '4096']);
    const opened = await child.waitForLine((l) => l.startsWith('opened '));
    const startSeq = Number(opened.split(' ')[1]);
    await child.waitForLine((l) => l.startsWith('appended ') && Number(l.split(' ')[1]) >= startSeq + killAfter);
    await child.kill();
    const appended = lastPrinted(child.lines, 'appended');
    const acked = lastPrinted(child.lines, 'acked');

    const outbox = await openDiskBuffer({ dir, segmentBytes: 4096 });
    const { ackedThrough, nextSeq, depth } = outbox.stats();
    const entries = await outbox.peek(1_000_000);
    await outbox.close();

    expect(ackedThrough, `round ${round}: ack pointer`).toBeGreaterThanOrEqual(acked);
    expect(nextSeq - 1, `round ${round}: last durable sequence`).toBeGreaterThanOrEqual(appended);
    expect(entries).toHaveLength(depth);
    expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: depth }, (_, i) => ackedThrough + 1 + i));
    for (const { seq, reading } of entries) expect(reading).toEqual(makeReading(seq - 1));
  }
});
