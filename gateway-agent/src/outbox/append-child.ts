/**
 * Child process for disk-buffer.crash.test.ts: appends synthetic readings to a disk outbox as fast
 * as it can, acknowledging now and then, and prints each operation only after it resolved:
 * `appended <lastSeq>` and `acked <seq>`. The test SIGKILLs it at an arbitrary moment and then
 * checks that everything printed is on disk. Reading `i` always gets sequence `i + 1`.
 *
 * Usage: node --import tsx append-child.ts <dir> <segmentBytes>
 */
import { openDiskBuffer } from './disk-buffer.ts';
import { makeReadings } from './test-readings.ts';

const [dir, segmentBytes] = process.argv.slice(2);
const outbox = await openDiskBuffer({ dir: dir!, segmentBytes: Number(segmentBytes) });
process.stdout.write(`opened ${outbox.stats().nextSeq}\n`);
for (let round = 0; ; round++) {
  const next = outbox.stats().nextSeq;
  const { lastSeq } = await outbox.append(makeReadings(next - 1, (round % 7) + 1));
  process.stdout.write(`appended ${lastSeq}\n`);
  if (round % 5 === 4 && lastSeq > 10) {
    await outbox.ackThrough(lastSeq - 10);
    process.stdout.write(`acked ${lastSeq - 10}\n`);
  }
}
