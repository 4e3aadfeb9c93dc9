/**
 * IEEE 11073-20601 medical floats as used by the Bluetooth health profiles
 * (GATT Specification Supplement "medfloat16"/"medfloat32", IEEE 11073-20601 Annex A.2.x).
 *
 * SFLOAT: 16 bits, signed 4-bit exponent (high nibble) and signed 12-bit mantissa.
 * FLOAT:  32 bits, signed 8-bit exponent (high octet) and signed 24-bit mantissa.
 * value = mantissa × 10^exponent. With exponent 0, five mantissas are reserved for special
 * values (NaN, NRes, ±INF, reserved). A special value is never a number: callers get a
 * discriminated {@link MedicalFloat} and must decide what "no value" means for them.
 */

/** The IEEE 11073 special values; `NRes` = "not at this resolution". */
export type MedicalSpecial = 'NaN' | 'NRes' | '+INF' | '-INF' | 'reserved';

/** A decoded SFLOAT/FLOAT: a finite number, or one of the special values. */
export type MedicalFloat = { kind: 'number'; value: number } | { kind: 'special'; special: MedicalSpecial };

interface FloatFormat {
  readonly name: 'SFLOAT' | 'FLOAT';
  readonly mantissaBits: number;
  readonly exponentBits: number;
}

const SFLOAT: FloatFormat = { name: 'SFLOAT', mantissaBits: 12, exponentBits: 4 };
const FLOAT: FloatFormat = { name: 'FLOAT', mantissaBits: 24, exponentBits: 8 };

/** Special mantissas (exponent 0), IEEE 11073-20601 A.2.7/A.2.8: NaN = +(2^(n-1)-1), NRes = -(2^(n-1)), +INF = +(2^(n-1)-2), -INF = -(2^(n-1)-2), reserved = -(2^(n-1)-1). */
function specialMantissas(format: FloatFormat): ReadonlyMap<number, MedicalSpecial> {
  const half = 2 ** (format.mantissaBits - 1);
  return new Map<number, MedicalSpecial>([
    [half - 1, 'NaN'],
    [-half, 'NRes'],
    [half - 2, '+INF'],
    [-(half - 2), '-INF'],
    [-(half - 1), 'reserved'],
  ]);
}

const SPECIALS = { SFLOAT: specialMantissas(SFLOAT), FLOAT: specialMantissas(FLOAT) } as const;

function signExtend(value: number, bits: number): number {
  const sign = 2 ** (bits - 1);
  return value >= sign ? value - 2 ** bits : value;
}

/** m × 10^e, dividing by an exact power of ten for negative exponents so 1234e-2 is exactly 12.34. */
function scale(mantissa: number, exponent: number): number {
  return exponent >= 0 ? mantissa * 10 ** exponent : mantissa / 10 ** -exponent;
}

function decodeWith(format: FloatFormat, raw: number): MedicalFloat {
  const mantissa = signExtend(raw % 2 ** format.mantissaBits, format.mantissaBits);
  const exponent = signExtend(Math.floor(raw / 2 ** format.mantissaBits), format.exponentBits);
  const special = exponent === 0 ? SPECIALS[format.name].get(mantissa) : undefined;
  if (special !== undefined) return { kind: 'special', special };
  return { kind: 'number', value: scale(mantissa, exponent) };
}

function pack(format: FloatFormat, mantissa: number, exponent: number): number {
  const m = mantissa < 0 ? mantissa + 2 ** format.mantissaBits : mantissa;
  const e = exponent < 0 ? exponent + 2 ** format.exponentBits : exponent;
  return e * 2 ** format.mantissaBits + m;
}

/** Exponents ordered 0, -1, 1, -2, 2, … so the most natural exact representation wins. */
function exponentsByMagnitude(format: FloatFormat): number[] {
  const max = 2 ** (format.exponentBits - 1);
  const out = [0];
  for (let i = 1; i <= max; i++) out.push(-i, ...(i < max ? [i] : []));
  return out;
}

function fits(format: FloatFormat, mantissa: number, exponent: number): boolean {
  const half = 2 ** (format.mantissaBits - 1);
  if (mantissa < -half || mantissa > half - 1) return false;
  return !(exponent === 0 && SPECIALS[format.name].has(mantissa));
}

function encodeWith(format: FloatFormat, value: MedicalFloat): number {
  if (value.kind === 'special') {
    for (const [mantissa, special] of SPECIALS[format.name]) if (special === value.special) return pack(format, mantissa, 0);
    throw new RangeError(`unknown ${format.name} special value ${String(value.special)}`);
  }
  const v = value.value;
  if (!Number.isFinite(v)) throw new RangeError(`${format.name} number must be finite, got ${v}; use a special value instead`);
  const exponents = exponentsByMagnitude(format);
  for (const e of exponents) {
    const m = Math.round(scale(v, -e));
    if (fits(format, m, e) && scale(m, e) === v) return pack(format, m, e);
  }
  // Not exactly representable: keep as many digits as fit, like a device rounding its reading.
  for (const e of [...exponents].sort((a, b) => a - b)) {
    const m = Math.round(scale(v, -e));
    if (fits(format, m, e)) return pack(format, m, e);
  }
  throw new RangeError(`${v} is out of ${format.name} range`);
}

/**
 * Decodes a raw 16-bit SFLOAT (already assembled little-endian).
 * @param raw - 0..0xFFFF
 */
export function decodeSfloat(raw: number): MedicalFloat {
  return decodeWith(SFLOAT, raw);
}

/**
 * Decodes a raw 32-bit FLOAT (already assembled little-endian).
 * @param raw - 0..0xFFFFFFFF
 */
export function decodeFloat(raw: number): MedicalFloat {
  return decodeWith(FLOAT, raw);
}

/**
 * Encodes to a raw 16-bit SFLOAT. Numbers use the exact representation with the exponent nearest
 * zero; a number with no exact representation is rounded to the finest exponent that fits.
 * @throws RangeError for non-finite numbers or magnitudes beyond ±2047×10^7
 */
export function encodeSfloat(value: MedicalFloat): number {
  return encodeWith(SFLOAT, value);
}

/**
 * Encodes to a raw 32-bit FLOAT (same rules as {@link encodeSfloat}).
 * @throws RangeError for non-finite or out-of-range numbers
 */
export function encodeFloat(value: MedicalFloat): number {
  return encodeWith(FLOAT, value);
}

/** Shorthand for a numeric {@link MedicalFloat}. */
export function medicalNumber(value: number): MedicalFloat {
  return { kind: 'number', value };
}
