import { ByteReader } from './byte-reader.ts';
import { ByteWriter } from './byte-writer.ts';
import { ReadingCollector } from './readings.ts';
import { defineCodec, type DecodeResult } from './types.ts';

const NAME = 'system_id';

/** Decoded System ID (0x2A23), both parts as upper-case hex, most significant digit first. */
export interface SystemIdFields {
  /** 40-bit manufacturer-defined identifier, 10 hex digits. */
  manufacturerIdentifier: string;
  /** 24-bit IEEE OUI, 6 hex digits. */
  organizationallyUniqueIdentifier: string;
}

const HEX_DIGITS = { manufacturerIdentifier: 10, organizationallyUniqueIdentifier: 6 } as const;

/**
 * Decodes a System ID (DIS v1.1; GSS "System ID"): uint40 manufacturer identifier then
 * uint24 OUI, LSO first.
 * @throws GattDecodeError when the value is not exactly 8 bytes
 */
export function decodeSystemId(value: Uint8Array): DecodeResult<SystemIdFields> {
  const r = new ByteReader(value, NAME);
  const hex = (n: number, digits: number) => n.toString(16).toUpperCase().padStart(digits, '0');
  const manufacturerIdentifier = hex(r.uint(5, 'manufacturer identifier'), HEX_DIGITS.manufacturerIdentifier);
  const organizationallyUniqueIdentifier = hex(r.uint(3, 'organizationally unique identifier'), HEX_DIGITS.organizationallyUniqueIdentifier);
  r.end();
  return new ReadingCollector().result(NAME, { manufacturerIdentifier, organizationallyUniqueIdentifier });
}

/**
 * Encodes a System ID (inverse of {@link decodeSystemId}).
 * @throws RangeError for a part that is not hex of the right length
 */
export function encodeSystemId(f: SystemIdFields): Uint8Array {
  const parse = (key: keyof SystemIdFields) => {
    const digits = HEX_DIGITS[key];
    if (!new RegExp(`^[0-9A-Fa-f]{${digits}}$`).test(f[key])) throw new RangeError(`${key} must be ${digits} hex digits`);
    return parseInt(f[key], 16);
  };
  return new ByteWriter().uint(parse('manufacturerIdentifier'), 5, 'manufacturerIdentifier').uint(parse('organizationallyUniqueIdentifier'), 3, 'oui').toBytes();
}

/** Registry entry for 0x2A23. */
export const systemIdCodec = defineCodec<SystemIdFields>('2A23', NAME, decodeSystemId, encodeSystemId);
