import { dateTimeProblem, formatDateTime, DATE_TIME_SIZE } from './date-time.ts';
import { GattDecodeError, type GattDecodeErrorCode } from './errors.ts';
import { decodeFloat, decodeSfloat, type MedicalFloat } from './sfloat.ts';

/**
 * Bounds-checked little-endian reader over one characteristic value. Every read names the field
 * it reads, so a short frame fails with a {@link GattDecodeError} that says which field was cut
 * and at which byte (GATT values are little-endian, least significant octet first, per the GSS).
 */
export class ByteReader {
  #offset: number;
  readonly #end: number;

  /**
   * @param bytes - the characteristic value
   * @param characteristic - name used in errors
   * @param start - first byte to read (default 0)
   * @param end - one past the last byte this reader may read (default the whole value)
   */
  constructor(
    private readonly bytes: Uint8Array,
    readonly characteristic: string,
    start = 0,
    end = bytes.length,
  ) {
    this.#offset = start;
    this.#end = end;
  }

  /** Offset of the next byte to read, from the start of the whole value. */
  get offset(): number {
    return this.#offset;
  }

  /** Bytes left before the end of this reader. */
  get remaining(): number {
    return this.#end - this.#offset;
  }

  /** Throws a {@link GattDecodeError} for this characteristic. */
  fail(code: GattDecodeErrorCode, message: string, offset = this.#offset): never {
    throw new GattDecodeError(code, this.characteristic, offset, message);
  }

  #take(size: number, field: string): number {
    if (this.remaining < size) this.fail('TRUNCATED', `${field} needs ${size} byte(s), ${Math.max(0, this.remaining)} left`);
    const at = this.#offset;
    this.#offset += size;
    return at;
  }

  /** Unsigned little-endian integer of 1..6 bytes. */
  uint(size: number, field: string): number {
    const at = this.#take(size, field);
    let value = 0;
    for (let i = size - 1; i >= 0; i--) value = value * 256 + this.bytes[at + i]!;
    return value;
  }

  /** uint8. */
  u8(field: string): number {
    return this.uint(1, field);
  }

  /** uint16 LE. */
  u16(field: string): number {
    return this.uint(2, field);
  }

  /** sint8 (two's complement). */
  s8(field: string): number {
    const v = this.uint(1, field);
    return v >= 0x80 ? v - 0x100 : v;
  }

  /** sint16 LE (two's complement). */
  s16(field: string): number {
    const v = this.uint(2, field);
    return v >= 0x8000 ? v - 0x10000 : v;
  }

  /** IEEE 11073 16-bit SFLOAT. */
  sfloat(field: string): MedicalFloat {
    return decodeSfloat(this.uint(2, field));
  }

  /** IEEE 11073 32-bit FLOAT. */
  float(field: string): MedicalFloat {
    return decodeFloat(this.uint(4, field));
  }

  /**
   * A flags octet (or wider bit field) whose bits outside `knownMask` are Reserved for Future Use.
   * Set reserved bits fail with `RESERVED_FLAGS`: flags decide the layout, so an unknown one
   * means we cannot tell which fields follow.
   */
  flags(field: string, knownMask: number, size = 1): number {
    const at = this.#offset;
    const value = this.uint(size, field);
    const reserved = value & ~knownMask;
    if (reserved !== 0) this.fail('RESERVED_FLAGS', `${field} has reserved bit(s) 0x${reserved.toString(16)} set`, at);
    return value;
  }

  /** Date Time structure (7 bytes), validated and formatted as `YYYY-MM-DDTHH:MM:SS`. */
  dateTime(field: string): string {
    const at = this.#offset;
    if (this.remaining < DATE_TIME_SIZE) this.#take(DATE_TIME_SIZE, field);
    const parts = {
      year: this.u16(field),
      month: this.u8(field),
      day: this.u8(field),
      hours: this.u8(field),
      minutes: this.u8(field),
      seconds: this.u8(field),
    };
    const problem = dateTimeProblem(parts);
    if (problem) this.fail('INVALID_VALUE', `${field}: ${problem}`, at);
    return formatDateTime(parts);
  }

  /** Raw bytes (a copy). */
  bytesOf(size: number, field: string): Uint8Array {
    const at = this.#take(size, field);
    return this.bytes.slice(at, at + size);
  }

  /** Everything left (a copy). */
  rest(): Uint8Array {
    return this.bytesOf(this.remaining, 'rest');
  }

  /** A reader over the next `size` bytes, which this reader then skips (e.g. one CGM record). */
  sub(size: number, field: string): ByteReader {
    const at = this.#take(size, field);
    return new ByteReader(this.bytes, this.characteristic, at, at + size);
  }

  /** Asserts every byte was consumed: leftovers mean a layout we do not understand. */
  end(): void {
    if (this.remaining > 0) this.fail('TRAILING_BYTES', `${this.remaining} unexpected byte(s) after the last field`);
  }
}
