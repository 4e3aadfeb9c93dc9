import { enumCode, enumName, type ReservedCode } from './bit-names.ts';
import { ByteReader } from './byte-reader.ts';
import { ByteWriter } from './byte-writer.ts';
import { deviceTimeAfter } from './date-time.ts';
import { ReadingCollector } from './readings.ts';
import type { MedicalFloat } from './sfloat.ts';
import { defineCodec, type DecodeResult } from './types.ts';
import { TEMPERATURE_DEGF } from './units.ts';

const NAME = 'temperature_measurement';

/** Flags (HTS v1.0); bits 3..7 reserved. */
const FLAG = { fahrenheit: 0x01, timeStamp: 0x02, temperatureType: 0x04 } as const;
const KNOWN_FLAGS = 0x07;

/** Temperature Type (GSS "Temperature Type" 0x2A1D; 0 and 10..255 reserved). */
export const TEMPERATURE_TYPES = {
  1: 'armpit',
  2: 'body',
  3: 'ear',
  4: 'finger',
  5: 'gastrointestinal-tract',
  6: 'mouth',
  7: 'rectum',
  8: 'toe',
  9: 'tympanum',
} as const;
export type TemperatureType = (typeof TEMPERATURE_TYPES)[keyof typeof TEMPERATURE_TYPES];

/** Decoded Temperature Measurement (0x2A1C). */
export interface TemperatureMeasurementFields {
  /** Unit of `temperature` (flag bit 0). */
  unit: 'celsius' | 'fahrenheit';
  /** IEEE 11073 FLOAT, in `unit`. */
  temperature: MedicalFloat;
  timeStamp?: string;
  temperatureType?: TemperatureType | ReservedCode;
}

/**
 * Decodes a Temperature Measurement (HTS v1.0). Reading: body_temperature in Cel
 * (Fahrenheit converted, original kept as [degF]) at the time stamp.
 * @throws GattDecodeError when truncated, with reserved flags, a bad time stamp or trailing bytes
 */
export function decodeTemperatureMeasurement(value: Uint8Array): DecodeResult<TemperatureMeasurementFields> {
  const r = new ByteReader(value, NAME);
  const flags = r.flags('flags', KNOWN_FLAGS);
  const f: TemperatureMeasurementFields = { unit: flags & FLAG.fahrenheit ? 'fahrenheit' : 'celsius', temperature: r.float('temperature') };
  if (flags & FLAG.timeStamp) f.timeStamp = r.dateTime('time stamp');
  if (flags & FLAG.temperatureType) f.temperatureType = enumName(TEMPERATURE_TYPES, r.u8('temperature type'));
  r.end();
  const readings = new ReadingCollector({ deviceTime: f.timeStamp === undefined ? undefined : deviceTimeAfter(f.timeStamp) });
  readings.add('body_temperature', 'temperature', f.temperature, f.unit === 'fahrenheit' ? TEMPERATURE_DEGF : undefined);
  return readings.result(NAME, f);
}

/**
 * Encodes a Temperature Measurement (inverse of {@link decodeTemperatureMeasurement}).
 * @throws RangeError when a field does not fit
 */
export function encodeTemperatureMeasurement(f: TemperatureMeasurementFields): Uint8Array {
  const flags = (f.unit === 'fahrenheit' ? FLAG.fahrenheit : 0) | (f.timeStamp !== undefined ? FLAG.timeStamp : 0) | (f.temperatureType !== undefined ? FLAG.temperatureType : 0);
  const w = new ByteWriter().u8(flags, 'flags').float(f.temperature);
  if (f.timeStamp !== undefined) w.dateTime(f.timeStamp);
  if (f.temperatureType !== undefined) w.u8(enumCode(TEMPERATURE_TYPES, f.temperatureType, 'temperatureType'), 'temperatureType');
  return w.toBytes();
}

/** Registry entry for 0x2A1C. */
export const temperatureMeasurementCodec = defineCodec<TemperatureMeasurementFields>('2A1C', NAME, decodeTemperatureMeasurement, encodeTemperatureMeasurement);
