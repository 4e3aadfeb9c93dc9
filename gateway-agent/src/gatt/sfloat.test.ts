import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeFloat, decodeSfloat, encodeFloat, encodeSfloat, type MedicalSpecial } from './sfloat.ts';

// Special values: IEEE 11073-20601 A.2.7 (FLOAT) and A.2.8 (SFLOAT) — exponent 0 and a reserved mantissa.
const SFLOAT_SPECIALS: Array<[number, MedicalSpecial]> = [
  [0x07ff, 'NaN'],
  [0x0800, 'NRes'],
  [0x07fe, '+INF'],
  [0x0802, '-INF'],
  [0x0801, 'reserved'],
];
const FLOAT_SPECIALS: Array<[number, MedicalSpecial]> = [
  [0x007fffff, 'NaN'],
  [0x00800000, 'NRes'],
  [0x007ffffe, '+INF'],
  [0x00800002, '-INF'],
  [0x00800001, 'reserved'],
];

describe('SFLOAT', () => {
  it.each(SFLOAT_SPECIALS)('raw %d decodes to the special value %s and never to a number', (raw, special) => {
    expect(decodeSfloat(raw)).toEqual({ kind: 'special', special });
    expect(encodeSfloat({ kind: 'special', special })).toBe(raw);
  });

  it.each([
    // [raw, value, how]
    [0x0079, 121, 'exponent 0, mantissa 0x079 = 121 (systolic of the BLS example frame)'],
    [0xb078, 0.0012, 'exponent 0xB = -5, mantissa 0x078 = 120 → 120e-5 kg/L = 120 mg/dL'],
    [0xc043, 0.0067, 'exponent 0xC = -4, mantissa 67 → 6.7 mmol/L expressed in mol/L'],
    [0x0fff, -1, 'exponent 0, mantissa 0xFFF = -1 (two’s complement)'],
    [0xf800, -204.8, 'exponent 0xF = -1, mantissa 0x800 = -2048'],
    [0x17ff, 20470, 'exponent 1, mantissa 0x7FF: a number, the NaN code is reserved only with exponent 0'],
    [0x7001, 10_000_000, 'exponent 7, mantissa 1'],
    [0x8001, 1e-8, 'exponent -8, mantissa 1'],
  ])('raw %d decodes to %s (%s)', (raw, value) => {
    expect(decodeSfloat(raw)).toEqual({ kind: 'number', value });
  });

  it('round-trips every raw value at the value level', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffff }), (raw) => {
        const decoded = decodeSfloat(raw);
        expect(decodeSfloat(encodeSfloat(decoded))).toEqual(decoded);
      }),
      { numRuns: 2000 },
    );
  });

  it('prefers the exponent nearest zero', () => {
    expect(encodeSfloat({ kind: 'number', value: 120 })).toBe(0x0078);
    expect(encodeSfloat({ kind: 'number', value: 36.4 })).toBe(0xf16c);
  });

  it('rounds a value it cannot hold exactly to the finest exponent that fits', () => {
    expect(decodeSfloat(encodeSfloat({ kind: 'number', value: 1 / 3 }))).toEqual({ kind: 'number', value: 0.333 });
  });

  it('refuses non-finite numbers and values out of range', () => {
    expect(() => encodeSfloat({ kind: 'number', value: Number.NaN })).toThrow(RangeError);
    expect(() => encodeSfloat({ kind: 'number', value: Infinity })).toThrow(RangeError);
    expect(() => encodeSfloat({ kind: 'number', value: 3e10 })).toThrow(RangeError);
  });
});

describe('FLOAT', () => {
  it.each(FLOAT_SPECIALS)('raw %d decodes to the special value %s', (raw, special) => {
    expect(decodeFloat(raw)).toEqual({ kind: 'special', special });
    expect(encodeFloat({ kind: 'special', special })).toBe(raw);
  });

  it.each([
    [0xff00016c, 36.4, 'exponent 0xFF = -1, mantissa 0x00016C = 364 → 36.4 °C'],
    [0xfe00267e, 98.54, 'exponent -2, mantissa 9854 → 98.54 °F'],
    [0x00ffffff, -1, 'exponent 0, mantissa 0xFFFFFF = -1'],
    [0x017fffff, 83886070, 'exponent 1, mantissa 0x7FFFFF: a number, NaN only with exponent 0'],
  ])('raw %d decodes to %s (%s)', (raw, value) => {
    expect(decodeFloat(raw)).toEqual({ kind: 'number', value });
  });

  it('round-trips every raw value at the value level', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (raw) => {
        const decoded = decodeFloat(raw);
        expect(decodeFloat(encodeFloat(decoded))).toEqual(decoded);
      }),
      { numRuns: 2000 },
    );
  });
});
