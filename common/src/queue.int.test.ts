import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useTestDb } from '../../test/support/db-fixture.ts';
import { REDIS_URL } from '../../test/support/services.ts';
import { createQueueFactory, queueStoreFromConfig, type QueueStore } from './queue.ts';

const db = useTestDb();

async function roundTrip(store: QueueStore): Promise<number[]> {
  const qf = createQueueFactory(store, { prefix: `t${randomBytes(4).toString('hex')}` });
  try {
    const seen: number[] = [];
    const done = new Promise<void>((resolve) => {
      qf.worker<{ n: number }>('echo', async (job) => {
        seen.push(job.data.n);
        if (seen.length === 20) resolve();
      });
    });
    const q = qf.queue<{ n: number }>('echo');
    // a deterministic job id makes a second add of the same job a no-op
    for (let n = 0; n < 20; n++) await q.add('echo', { n }, { jobId: `n-${n}` });
    await q.add('echo', { n: 0 }, { jobId: 'n-0' });
    await done;
    return seen.sort((a, b) => a - b);
  } finally {
    await qf.close();
  }
}

describe('queue factory', () => {
  it('picks Redis when REDIS_URL is set and PostgreSQL otherwise', () => {
    expect(queueStoreFromConfig({ REDIS_URL: 'redis://x', DATABASE_URL: 'postgres://y' }).kind).toBe('redis');
    expect(queueStoreFromConfig({ DATABASE_URL: 'postgres://y' }).kind).toBe('postgres');
  });

  it('runs jobs on Redis', async () => {
    expect(await roundTrip({ kind: 'redis', url: REDIS_URL })).toEqual([...Array(20).keys()]);
  });

  it('runs jobs on the PostgreSQL backend in the application database', async () => {
    expect(await roundTrip({ kind: 'postgres', url: db().url })).toEqual([...Array(20).keys()]);
  });
});
