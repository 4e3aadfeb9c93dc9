import { describe, expect, it } from 'vitest';
import { createBatcher } from './batcher.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('batcher', () => {
  it('groups items up to maxItems and resolves each after its commit', async () => {
    const groups: number[][] = [];
    const b = createBatcher<number, void>({ commit: async (xs) => void groups.push(xs), maxItems: 3, maxWaitMs: 5, maxPendingItems: 100, concurrency: 1 });
    await Promise.all([1, 2, 3, 4, 5].map((n) => b.submit(n)));
    expect(groups.flat()).toEqual([1, 2, 3, 4, 5]);
    expect(Math.max(...groups.map((g) => g.length))).toBeLessThanOrEqual(3);
  });

  it('rejects every item of a failed commit', async () => {
    const b = createBatcher<number, void>({ commit: async () => Promise.reject(new Error('db down')), maxItems: 10, maxWaitMs: 1, maxPendingItems: 100 });
    await expect(Promise.all([b.submit(1), b.submit(2)])).rejects.toThrow('db down');
  });

  it('makes submit wait when maxPendingItems is reached (backpressure, not unbounded memory)', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const b = createBatcher<number, void>({ commit: () => gate, maxItems: 2, maxWaitMs: 1, maxPendingItems: 2, concurrency: 1 });
    const first = [b.submit(1), b.submit(2)];
    let thirdEntered = false;
    const third = b.submit(3).then(() => (thirdEntered = true));
    await sleep(20);
    expect(b.pending()).toBe(2);
    expect(thirdEntered).toBe(false);
    release();
    await Promise.all([...first, third]);
    expect(thirdEntered).toBe(true);
  });

  it('drain waits for queued and running commits', async () => {
    const done: number[] = [];
    const b = createBatcher<number, void>({ commit: async (xs) => { await sleep(10); done.push(...xs); }, maxItems: 100, maxWaitMs: 1000, maxPendingItems: 100 });
    void b.submit(1);
    void b.submit(2);
    await b.drain();
    expect(done).toEqual([1, 2]);
  });
});
