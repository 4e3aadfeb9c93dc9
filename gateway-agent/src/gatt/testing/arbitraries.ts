/**
 * fast-check arbitraries shared by the codec tests (test support only, not used at run time).
 * They generate only values the wire formats can carry, so `decode(encode(x))` must equal `x`.
 */
import fc from 'fast-check';
import type { BitTable, EnumTable } from '../bit-names.ts';
import { bitNames, enumName } from '../bit-names.ts';
import { formatDateTime } from '../date-time.ts';
import { decodeFloat, decodeSfloat, type MedicalFloat } from '../sfloat.ts';

/** Any SFLOAT value, specials included, as decoding produces it. */
export const sfloatArb: fc.Arbitrary<MedicalFloat> = fc.integer({ min: 0, max: 0xffff }).map(decodeSfloat);

/** Any FLOAT value, specials included. */
export const floatArb: fc.Arbitrary<MedicalFloat> = fc.integer({ min: 0, max: 0xffffffff }).map(decodeFloat);

function dateTimeFrom(year: fc.Arbitrary<number>, month: fc.Arbitrary<number>, day: fc.Arbitrary<number>): fc.Arbitrary<string> {
  const clock = { hours: fc.integer({ min: 0, max: 23 }), minutes: fc.integer({ min: 0, max: 59 }), seconds: fc.integer({ min: 0, max: 59 }) };
  return fc.record({ year, month, day, ...clock }).map(formatDateTime);
}

/** A valid Date Time, sometimes with unknown (zero) year, month or day. */
export const dateTimeArb = dateTimeFrom(fc.oneof(fc.constant(0), fc.integer({ min: 1582, max: 9999 })), fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 28 }));

/** A fully known Date Time (usable as a device time). */
export const knownDateTimeArb = dateTimeFrom(fc.integer({ min: 2000, max: 2099 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }));

/** Any code of an enumeration field `bits` wide, named as the decoder names it. */
export function enumArb<N extends string>(table: EnumTable<N>, bits: number): fc.Arbitrary<ReturnType<typeof enumName<N>>> {
  return fc.integer({ min: 0, max: 2 ** bits - 1 }).map((code) => enumName(table, code));
}

/** Any value of a bit field `width` bits wide, named as the decoder names it. */
export function bitsArb<N extends string>(table: BitTable<N>, width: number): fc.Arbitrary<ReturnType<typeof bitNames<N>>> {
  return fc.integer({ min: 0, max: 2 ** width - 1 }).map((v) => bitNames(table, v, width));
}

/** Builds an object leaving out keys whose value is undefined (how decoders omit absent fields). */
export function compact<T extends object>(obj: T): T {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as T;
}
