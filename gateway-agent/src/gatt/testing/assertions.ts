/**
 * Assertions shared by the codec tests (test support only).
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { GattDecodeError, type GattDecodeErrorCode } from '../errors.ts';
import type { GattCodec } from '../types.ts';

/** Runs `fn`, expecting a GattDecodeError; returns it for further checks. */
export function decodeErrorOf(fn: () => unknown): GattDecodeError {
  try {
    fn();
  } catch (e) {
    if (e instanceof GattDecodeError) return e;
    throw e;
  }
  throw new Error('expected a GattDecodeError, nothing was thrown');
}

/** Expects `fn` to fail with this error code (and, if given, at this offset). */
export function expectDecodeError(fn: () => unknown, code: GattDecodeErrorCode, offset?: number): void {
  const e = decodeErrorOf(fn);
  expect(e.code).toBe(code);
  if (offset !== undefined) expect(e.offset).toBe(offset);
}

/** Property: encoding any valid fields and decoding the bytes gives the same fields back. */
export function assertRoundTrip<F extends object>(codec: GattCodec<F>, fields: fc.Arbitrary<F>, numRuns = 300): void {
  fc.assert(
    fc.property(fields, (f) => {
      expect(codec.decode(codec.encode(f)).fields).toEqual(f);
    }),
    { numRuns },
  );
}
