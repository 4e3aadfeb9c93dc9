import { describe, expect, it } from 'vitest';
import { ByteReader } from './byte-reader.ts';
import { ByteWriter } from './byte-writer.ts';
import { GattDecodeError } from './errors.ts';

const reader = (...bytes: number[]) => new ByteReader(Uint8Array.from(bytes), 'test_characteristic');

function errorOf(fn: () => unknown): GattDecodeError {
  try {
    fn();
  } catch (e) {
    if (e instanceof GattDecodeError) return e;
    throw e;
  }
  throw new Error('did not throw');
}

describe('ByteReader', () => {
  it('reads little-endian integers', () => {
    const r = reader(0x34, 0x12, 0xfe, 0xff, 0x01, 0x02, 0x03, 0x80);
    expect(r.u16('a')).toBe(0x1234);
    expect(r.s16('b')).toBe(-2);
    expect(r.uint(3, 'c')).toBe(0x030201);
    expect(r.s8('d')).toBe(-128);
    r.end();
  });

  it('fails a short read with TRUNCATED, the field name and the offset', () => {
    const r = reader(1, 2, 3);
    r.u16('first');
    const e = errorOf(() => r.u16('second field'));
    expect(e).toMatchObject({ code: 'TRUNCATED', offset: 2, characteristic: 'test_characteristic' });
    expect(e.message).toContain('second field');
  });

  it('fails leftovers with TRAILING_BYTES', () => {
    const r = reader(1, 2);
    r.u8('a');
    expect(errorOf(() => r.end())).toMatchObject({ code: 'TRAILING_BYTES', offset: 1 });
  });

  it('fails reserved flag bits with RESERVED_FLAGS', () => {
    expect(errorOf(() => reader(0x21).flags('flags', 0x1f))).toMatchObject({ code: 'RESERVED_FLAGS', offset: 0 });
    expect(reader(0x1f).flags('flags', 0x1f)).toBe(0x1f);
  });

  it('reads and validates a Date Time', () => {
    expect(reader(0xe3, 0x07, 0x0b, 0x0f, 0x0a, 0x1e, 0x00).dateTime('time')).toBe('2019-11-15T10:30:00');
    expect(errorOf(() => reader(0xe3, 0x07, 0x0d, 0x0f, 0x0a, 0x1e, 0x00).dateTime('time'))).toMatchObject({ code: 'INVALID_VALUE', offset: 0 });
    expect(errorOf(() => reader(0xe3, 0x07, 0x0b).dateTime('time'))).toMatchObject({ code: 'TRUNCATED' });
  });

  it('confines a sub-reader to its slice', () => {
    const r = reader(1, 2, 3, 4);
    const sub = r.sub(2, 'record');
    expect(sub.u16('x')).toBe(0x0201);
    expect(errorOf(() => sub.u8('y'))).toMatchObject({ code: 'TRUNCATED', offset: 2 });
    expect(r.u8('z')).toBe(3);
  });
});

describe('ByteWriter', () => {
  it('writes what the reader reads', () => {
    const bytes = new ByteWriter().u16(0x1234, 'a').s16(-2, 'b').s8(-1, 'c').uint(0xffffffffff, 5, 'd').dateTime('2019-11-15T10:30:00').toBytes();
    const r = new ByteReader(bytes, 't');
    expect([r.u16('a'), r.s16('b'), r.s8('c'), r.uint(5, 'd'), r.dateTime('e')]).toEqual([0x1234, -2, -1, 0xffffffffff, '2019-11-15T10:30:00']);
  });

  it('refuses values that do not fit', () => {
    expect(() => new ByteWriter().u8(256, 'x')).toThrow(RangeError);
    expect(() => new ByteWriter().u16(-1, 'x')).toThrow(RangeError);
    expect(() => new ByteWriter().s16(40000, 'x')).toThrow(RangeError);
    expect(() => new ByteWriter().u8(1.5, 'x')).toThrow(RangeError);
    expect(() => new ByteWriter().dateTime('2019-13-01T00:00:00')).toThrow(RangeError);
  });
});
