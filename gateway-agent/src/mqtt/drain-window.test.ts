import { describe, expect, it } from 'vitest';
import { DrainWindow } from './drain-window.ts';

const entries = (from: number, count: number) => Array.from({ length: count }, (_, i) => ({ seq: from + i, reading: {} as never }));

describe('DrainWindow', () => {
  it('advances the cursor and fills up to its capacity', () => {
    const window = new DrainWindow(2);
    expect(window.cursor).toBe(0);
    window.open(entries(1, 3));
    expect(window.cursor).toBe(3);
    expect(window.hasRoom).toBe(true);
    window.open(entries(4, 2));
    expect(window.hasRoom).toBe(false);
    expect(window.size).toBe(2);
  });

  it('releases only an acknowledged prefix when PUBACKs arrive out of order', () => {
    const window = new DrainWindow(3);
    const a = window.open(entries(1, 2));
    const b = window.open(entries(3, 2));
    const c = window.open(entries(5, 2));
    expect(window.settle(b)).toBeUndefined();
    expect(window.settle(c)).toBeUndefined();
    expect(window.size).toBe(3);
    expect(window.settle(a)).toBe(6);
    expect(window.size).toBe(0);
  });

  it('ignores settles from before a reset and restarts from the head', () => {
    const window = new DrainWindow(2);
    const old = window.open(entries(1, 2));
    window.reset();
    expect(window.cursor).toBe(0);
    expect(window.size).toBe(0);
    expect(window.settle(old)).toBeUndefined();
    const fresh = window.open(entries(1, 2));
    expect(window.settle(fresh)).toBe(2);
  });
});
