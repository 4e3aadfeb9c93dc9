import { afterAll, expect, it } from 'vitest';
import { openDiskBuffer } from '../outbox/disk-buffer.ts';
import { spawnTsChild } from '../outbox/test-child.ts';
import { makeReadings } from '../outbox/test-readings.ts';
import { useTempDirs } from '../outbox/test-support.ts';
import { eventually, TestBroker } from './test-broker.ts';

const GATEWAY = 'hub-kill';
const TOKEN = 'kill-secret';
const TOTAL = 5_000;
const BATCH = 50;

const freshDir = useTempDirs('drain-kill-');
let broker: TestBroker | undefined;
afterAll(async () => {
  await broker?.stop();
});

it('a gateway SIGKILLed mid-drain and restarted delivers every reading, first arrivals in append order', async () => {
  const dir = freshDir();
  const all = makeReadings(0, TOTAL);
  const prefill = await openDiskBuffer({ dir });
  for (let i = 0; i < TOTAL; i += 500) await prefill.append(all.slice(i, i + 500));
  await prefill.close();

  broker = await TestBroker.create({ gateways: { [GATEWAY]: TOKEN } });
  // Like ingest's commit before PUBACK: slow enough that the kill lands mid-drain.
  broker.beforeAccept = () => new Promise((resolve) => setTimeout(resolve, 3));
  const args = [dir, broker.url, GATEWAY, TOKEN, String(BATCH)];

  const first = spawnTsChild('./drain-child.ts', import.meta.url, args);
  await eventually('a third of the readings at the broker', () => broker!.readingIds().length >= TOTAL / 3, 20_000);
  await first.kill();
  const beforeKill = new Set(broker.readingIds()).size;
  expect(beforeKill).toBeLessThan(TOTAL);

  const second = spawnTsChild('./drain-child.ts', import.meta.url, args);
  await second.waitForLine((line) => line === 'drained', 30_000);
  second.process.kill('SIGTERM');
  expect(await second.exited).toBe(0);

  const received = broker.readingIds();
  const firstArrivals = [...new Set(received)];
  const duplicates = received.length - firstArrivals.length;
  console.info(`SIGKILL mid-drain: ${beforeKill} distinct before the kill, ${received.length} received, ${duplicates} duplicates`);
  expect(firstArrivals).toEqual(all.map((r) => r.id));
  // Resent after the restart: the batches in flight at the kill plus any whose outbox ack was not yet on disk.
  expect(duplicates).toBeLessThanOrEqual(20 * BATCH);

  const reopened = await openDiskBuffer({ dir });
  expect(reopened.depth()).toBe(0);
  await reopened.close();
});
