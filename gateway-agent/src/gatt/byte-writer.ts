import { parseDateTime } from './date-time.ts';
import { encodeFloat, encodeSfloat, type MedicalFloat } from './sfloat.ts';

/**
 * Little-endian writer used by the encoders (and so by the device simulator). It checks every
 * value fits its field and throws RangeError otherwise, so a simulator bug cannot produce a
 * frame that silently means something else.
 */
export class ByteWriter {
  readonly #bytes: number[] = [];

  /** Bytes written so far. */
  get length(): number {
    return this.#bytes.length;
  }

  /** Unsigned little-endian integer of 1..6 bytes. */
  uint(value: number, size: number, field: string): this {
    if (!Number.isInteger(value) || value < 0 || value >= 2 ** (8 * size)) {
      throw new RangeError(`${field} must be an integer in 0..${2 ** (8 * size) - 1}, got ${value}`);
    }
    let rest = value;
    for (let i = 0; i < size; i++) {
      this.#bytes.push(rest % 256);
      rest = Math.floor(rest / 256);
    }
    return this;
  }

  /** uint8. */
  u8(value: number, field: string): this {
    return this.uint(value, 1, field);
  }

  /** uint16 LE. */
  u16(value: number, field: string): this {
    return this.uint(value, 2, field);
  }

  /** sint8. */
  s8(value: number, field: string): this {
    if (!Number.isInteger(value) || value < -0x80 || value > 0x7f) throw new RangeError(`${field} must be a sint8, got ${value}`);
    return this.uint(value < 0 ? value + 0x100 : value, 1, field);
  }

  /** sint16 LE. */
  s16(value: number, field: string): this {
    if (!Number.isInteger(value) || value < -0x8000 || value > 0x7fff) throw new RangeError(`${field} must be a sint16, got ${value}`);
    return this.uint(value < 0 ? value + 0x10000 : value, 2, field);
  }

  /** IEEE 11073 SFLOAT. */
  sfloat(value: MedicalFloat): this {
    return this.uint(encodeSfloat(value), 2, 'SFLOAT');
  }

  /** IEEE 11073 FLOAT. */
  float(value: MedicalFloat): this {
    return this.uint(encodeFloat(value), 4, 'FLOAT');
  }

  /** Date Time structure from `YYYY-MM-DDTHH:MM:SS` (zeros for unknown parts). */
  dateTime(text: string): this {
    const p = parseDateTime(text);
    return this.u16(p.year, 'year').u8(p.month, 'month').u8(p.day, 'day').u8(p.hours, 'hours').u8(p.minutes, 'minutes').u8(p.seconds, 'seconds');
  }

  /** Raw bytes. */
  raw(bytes: Uint8Array | readonly number[]): this {
    for (const b of bytes) this.u8(b, 'byte');
    return this;
  }

  /** The bytes written, as a new array. */
  toBytes(): Uint8Array {
    return Uint8Array.from(this.#bytes);
  }
}
