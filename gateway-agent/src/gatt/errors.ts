/**
 * Why a GATT frame could not be decoded.
 *
 * - `TRUNCATED`: the value ends before a field its flags (or the spec) require.
 * - `TRAILING_BYTES`: bytes are left over after every field the flags announce; the layout is
 *   not the one we understand, so nothing in it can be trusted.
 * - `INVALID_LENGTH`: a length the frame states itself (CGM record size, RR-interval pairs) is impossible.
 * - `INVALID_VALUE`: a field holds a value the spec forbids (month 13, battery 101 %, bad UTF-8).
 * - `RESERVED_FLAGS`: a flag bit that is "Reserved for Future Use" is set. Flags decide which
 *   fields follow, so an unknown flag means an unknown layout.
 * - `CRC_MISMATCH`: the E2E-CRC does not match the data (CGMS v1.0.1 §3.11).
 * - `CRC_MISSING` / `CRC_UNEXPECTED`: the CGM Feature says E2E-CRC is (not) supported but the frame disagrees.
 */
export type GattDecodeErrorCode =
  | 'TRUNCATED'
  | 'TRAILING_BYTES'
  | 'INVALID_LENGTH'
  | 'INVALID_VALUE'
  | 'RESERVED_FLAGS'
  | 'CRC_MISMATCH'
  | 'CRC_MISSING'
  | 'CRC_UNEXPECTED';

/**
 * A truncated or inconsistent characteristic value. Decoders throw only this: a frame that
 * raises it yields no reading at all (never a partial one).
 *
 * @example
 * ```ts
 * try { decodeBloodPressureMeasurement(buf) }
 * catch (e) { if (e instanceof GattDecodeError) log.warn({ code: e.code, offset: e.offset }) }
 * ```
 */
export class GattDecodeError extends Error {
  override readonly name = 'GattDecodeError';
  /** Machine-readable reason. */
  readonly code: GattDecodeErrorCode;
  /** Characteristic name, e.g. `blood_pressure_measurement`. */
  readonly characteristic: string;
  /** Byte offset in the value where the problem was found. */
  readonly offset: number;

  /**
   * @param code - why decoding failed
   * @param characteristic - characteristic name (see the registry)
   * @param offset - byte offset of the offending field
   * @param message - human-readable detail
   */
  constructor(code: GattDecodeErrorCode, characteristic: string, offset: number, message: string) {
    super(`${characteristic}: ${message} (at byte ${offset})`);
    this.code = code;
    this.characteristic = characteristic;
    this.offset = offset;
  }
}
