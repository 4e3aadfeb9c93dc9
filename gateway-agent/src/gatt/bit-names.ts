/**
 * Names for enumerations and bit fields, so decoded fields read as words (`'finger'`,
 * `'device-battery-low'`) rather than magic numbers, while staying lossless: a value the spec
 * reserves decodes to `reserved-N` (enumerations) or `bitN` (bit fields) and encodes back.
 */

/** An enumeration value the spec marks Reserved for Future Use. */
export type ReservedCode = `reserved-${number}`;
/** A set bit the spec marks Reserved for Future Use. */
export type ReservedBit = `bit${number}`;

/** Enumeration table: code → name. */
export type EnumTable<N extends string> = Readonly<Record<number, N>>;

/** Name of an enumeration code. */
export function enumName<N extends string>(table: EnumTable<N>, code: number): N | ReservedCode {
  return table[code] ?? `reserved-${code}`;
}

/**
 * Code of an enumeration name (inverse of {@link enumName}).
 * @throws RangeError for a name the table does not know
 */
export function enumCode<N extends string>(table: EnumTable<N>, name: N | ReservedCode, field: string): number {
  const reserved = /^reserved-(\d+)$/.exec(name);
  if (reserved) return Number(reserved[1]);
  for (const [code, n] of Object.entries(table)) if (n === name) return Number(code);
  throw new RangeError(`${field}: unknown value ${JSON.stringify(name)}`);
}

/** Bit names by bit index (holes are reserved bits). */
export type BitTable<N extends string> = readonly (N | undefined)[];

/** Names of the set bits, lowest bit first. */
export function bitNames<N extends string>(table: BitTable<N>, value: number, width: number): Array<N | ReservedBit> {
  const out: Array<N | ReservedBit> = [];
  // Bit fields here are at most 24 bits wide, so 32-bit operators are exact.
  for (let bit = 0; bit < width; bit++) {
    if ((value >>> bit) & 1) out.push(table[bit] ?? `bit${bit}`);
  }
  return out;
}

/**
 * Bit field value from names (inverse of {@link bitNames}).
 * @throws RangeError for an unknown name or a bit beyond `width`
 */
export function bitsFromNames<N extends string>(table: BitTable<N>, names: readonly (N | ReservedBit)[], width: number, field: string): number {
  let value = 0;
  for (const name of names) {
    const reserved = /^bit(\d+)$/.exec(name);
    const bit = reserved ? Number(reserved[1]) : table.indexOf(name as N);
    if (bit < 0 || bit >= width) throw new RangeError(`${field}: unknown flag ${JSON.stringify(name)}`);
    if (Math.floor(value / 2 ** bit) % 2 === 0) value += 2 ** bit;
  }
  return value;
}
