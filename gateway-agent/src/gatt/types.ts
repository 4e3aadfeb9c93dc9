import type { Metric } from '../../../common/src/metrics.ts';

/**
 * One canonical metric value taken from a characteristic (see common/src/metrics.ts for the
 * metric names and UCUM units). `deviceTime` is the device's own local wall-clock time of the
 * measurement, `YYYY-MM-DDTHH:MM:SS` with the characteristic's time offset already applied and
 * no zone; the agent turns it into an instant (see device-time.ts).
 */
export interface GattReading {
  metric: Metric;
  value: number;
  /** The canonical UCUM unit of `metric`. */
  unit: string;
  /** The value as the device sent it, when it had to be converted. */
  originalValue?: number;
  /** UCUM unit of `originalValue`, e.g. `mmol/L`, `kPa`, `[lb_av]`, `[degF]`. */
  originalUnit?: string;
  deviceTime?: string;
  /** The device's record sequence number, where the characteristic has one. */
  sequence?: number;
}

/**
 * What every decoder returns, whatever the characteristic.
 * @typeParam F - the characteristic's decoded fields (camelCase, absent fields omitted)
 */
export interface DecodeResult<F extends object = object> {
  /** Characteristic name, e.g. `blood_pressure_measurement`. */
  characteristic: string;
  fields: F;
  readings: GattReading[];
  /**
   * Why a value that would have been a reading is not one, e.g. `special:systolic:NaN` or
   * `plx:invalid-measurement-detected`. Omitted when empty.
   */
  flags?: string[];
}

/**
 * What a decoder may need to know beyond the bytes, gathered by the agent from other
 * characteristics of the same device.
 */
export interface DecodeContext {
  /**
   * Whether the CGM Feature (0x2AA8) says E2E-CRC is supported (bit 12). When known, CGM
   * Measurement/Status/Session Start Time require (true) or forbid (false) the CRC; when
   * undefined the CRC is taken as present if the length says so, and checked.
   */
  cgmE2eCrc?: boolean;
  /** The CGM Session Start Time (0x2AAA) `sessionStartTime`, the base of CGM time offsets. */
  cgmSessionStartTime?: string;
}

/**
 * Decoder and encoder of one characteristic, as held in the registry.
 * @typeParam F - decoded fields; `encode(decode(b).fields)` gives back a value that decodes the same
 */
export interface GattCodec<F extends object = object> {
  /** 16-bit UUID, upper-case hex, e.g. `2A35`. */
  readonly uuid: string;
  /** GSS identifier without the `org.bluetooth.characteristic.` prefix. */
  readonly name: string;
  /**
   * @throws GattDecodeError for a truncated or inconsistent value (and nothing else)
   */
  decode(value: Uint8Array, context?: DecodeContext): DecodeResult<F>;
  /**
   * @throws RangeError when a field does not fit its wire format
   */
  encode(fields: F): Uint8Array;
}

/**
 * Bundles a characteristic's decoder and encoder into its registry entry.
 * @param uuid - 16-bit UUID, upper-case hex
 * @param name - GSS identifier without the `org.bluetooth.characteristic.` prefix
 */
export function defineCodec<F extends object>(
  uuid: string,
  name: string,
  decode: (value: Uint8Array, context?: DecodeContext) => DecodeResult<F>,
  encode: (fields: F) => Uint8Array,
): GattCodec<F> {
  return { uuid, name, decode, encode };
}
