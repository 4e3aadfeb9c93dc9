import { describe, expect, it } from 'vitest';
import { takeToken, type Bucket } from './token-bucket.ts';

describe('takeToken', () => {
  it('allows a burst, then spaces publishes at the rate', () => {
    let b: Bucket | undefined;
    const waits: number[] = [];
    for (let i = 0; i < 7; i++) {
      const r = takeToken(b, 0, 10, 5);
      b = r.bucket;
      waits.push(r.waitMs);
    }
    expect(waits).toEqual([0, 0, 0, 0, 0, 100, 200]);
  });
  it('refills over time up to the burst', () => {
    const r = takeToken({ tokens: 0, at: 0 }, 10_000, 10, 5);
    expect(r.waitMs).toBe(0);
    expect(r.bucket.tokens).toBe(4);
  });
});
