/**
 * Decoder throughput: decodes realistic frames of every characteristic for a few seconds and
 * prints frames/s per characteristic and for a mixed stream.
 *
 *   npx tsx bench/decoders.ts [--seconds 4]
 */
import { parseArgs } from 'node:util';
import { parseHex } from '../gateway-agent/src/gatt/hex.ts';
import { GATT_REGISTRY } from '../gateway-agent/src/gatt/registry.ts';
import type { DecodeContext, GattCodec } from '../gateway-agent/src/gatt/types.ts';

const CGM_CONTEXT: DecodeContext = { cgmE2eCrc: true, cgmSessionStartTime: '2024-05-20T08:00:00' };

/** One realistic frame per characteristic (see the codec tests for how each is built). */
const FRAMES: ReadonlyArray<{ uuid: keyof typeof GATT_REGISTRY; hex: string; context?: DecodeContext }> = [
  { uuid: '2A18', hex: '1B 2A 00 E8 07 05 14 08 00 00 FB FF 78 B0 11 00 00' },
  { uuid: '2A34', hex: '06 2A 00 01 12' },
  { uuid: '2A52', hex: '06 00 01 01' },
  { uuid: '2A51', hex: '03 04' },
  { uuid: '2A35', hex: '1E 79 00 50 00 5A 00 E3 07 0B 0F 0A 1E 00 48 00 01 00 00' },
  { uuid: '2A36', hex: '04 8C 00 FF 07 FF 07 3C 00' },
  { uuid: '2A49', hex: '25 00' },
  { uuid: '2AA7', hex: '0F E3 D2 E4 05 00 02 14 FF 02 F0 E5 F3 8E 3F 08 00 0C 10 06 00 59 6F', context: CGM_CONTEXT },
  { uuid: '2AA8', hex: '01 80 01 59 FF FF' },
  { uuid: '2AA9', hex: '3C 00 02 04 10' },
  { uuid: '2AAA', hex: 'E8 07 05 14 08 00 00 04 04' },
  { uuid: '2A5E', hex: '03 62 00 48 00 E8 07 05 14 08 00 00 80 00' },
  { uuid: '2A5F', hex: '03 61 00 4B 00 60 00 4E 00 61 00 4A 00' },
  { uuid: '2A9D', hex: '0F 80 3E E0 07 02 19 03 31 1C 03 EB 00 B4 02' },
  { uuid: '2A1C', hex: '06 6C 01 00 FF E8 07 05 14 08 00 00 02' },
  { uuid: '2A37', hex: '16 48 21 03 10 03' },
  { uuid: '2A19', hex: '5A' },
  { uuid: '2A2B', hex: 'E8 07 05 14 08 1E 2D 01 80 03' },
  { uuid: '2A29', hex: '41 63 6D 65 20 4D 65 64 69 63 61 6C' },
  { uuid: '2A24', hex: '42 50 2D 37 30 30' },
  { uuid: '2A25', hex: '53 4E 31 32 33 34 35 36' },
  { uuid: '2A27', hex: '72 65 76 20 42' },
  { uuid: '2A26', hex: '31 2E 34 2E 32' },
  { uuid: '2A28', hex: '32 2E 30 2E 31' },
  { uuid: '2A23', hex: 'DE BC 9A FE FF 56 34 12' },
];

interface Job {
  name: string;
  uuid: string;
  codec: GattCodec;
  bytes: Uint8Array;
  context: DecodeContext;
}

/** Decodes `decodeOne` in batches until `ms` have passed; returns frames/s. */
function measure(ms: number, decodeOne: (i: number) => number): { perSecond: number; sink: number } {
  let frames = 0;
  let sink = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (let i = 0; i < 1000; i++) sink += decodeOne(frames + i);
    frames += 1000;
    elapsed = performance.now() - start;
  }
  return { perSecond: (frames / elapsed) * 1000, sink };
}

function main(): void {
  const { values } = parseArgs({ options: { seconds: { type: 'string', default: '4' } } });
  const totalMs = Number(values.seconds) * 1000;
  if (!(totalMs > 0)) throw new RangeError('--seconds must be a positive number');

  const codecs: Record<string, GattCodec> = GATT_REGISTRY;
  const jobs: Job[] = FRAMES.map(({ uuid, hex, context }) => {
    const codec = codecs[uuid]!;
    const job = { name: codec.name, uuid, codec, bytes: parseHex(hex), context: context ?? {} };
    job.codec.decode(job.bytes, job.context); // fail fast on a bad fixture
    return job;
  });
  const decode = (job: Job): number => job.codec.decode(job.bytes, job.context).readings.length;

  // Half the time split over the characteristics, half on the mixed stream the gateway really sees.
  const perJobMs = totalMs / 2 / jobs.length;
  measure(Math.min(200, totalMs / 10), (i) => decode(jobs[i % jobs.length]!)); // warm up the JIT
  let sink = 0;
  const rows = jobs.map((job) => {
    measure(perJobMs / 4, () => decode(job)); // let the JIT settle on this frame shape first
    const { perSecond, sink: s } = measure(perJobMs, () => decode(job));
    sink += s;
    return { characteristic: job.name, uuid: job.uuid, 'frames/s': Math.round(perSecond) };
  });
  const mixed = measure(totalMs / 2, (i) => decode(jobs[i % jobs.length]!));
  sink += mixed.sink;

  console.table(rows);
  console.log(`overall (mixed stream of all ${jobs.length} characteristics): ${Math.round(mixed.perSecond).toLocaleString('en-US')} frames/s`);
  console.log(`(readings produced: ${sink})`);
}

main();
