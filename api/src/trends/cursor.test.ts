import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './cursor.ts';

const state = { t: '2026-05-01T12:00:00.000123Z', id: '6f1c8a2e-4b7d-4c1e-9a3f-2d5e8b7c6a10', metric: 'glucose', order: 'asc' as const };

describe('page cursors', () => {
  it('round-trip the exact keyset, microseconds included', () => {
    expect(decodeCursor(encodeCursor(state), state)).toEqual({ v: 1, ...state });
  });

  it('are opaque url-safe text', () => {
    expect(encodeCursor(state)).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('refuse garbage and cursors of another query with a validation error', () => {
    expect(() => decodeCursor('not-a-cursor', state)).toThrow('the cursor is not valid');
    expect(() => decodeCursor(Buffer.from('{"v":1}').toString('base64url'), state)).toThrow('the cursor is not valid');
    expect(() => decodeCursor(encodeCursor(state), { metric: 'systolic', order: 'asc' })).toThrow('the cursor is not valid');
    expect(() => decodeCursor(encodeCursor(state), { metric: 'glucose', order: 'desc' })).toThrow('the cursor is not valid');
  });
});
