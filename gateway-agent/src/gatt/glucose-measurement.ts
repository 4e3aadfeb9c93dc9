import { bitNames, bitsFromNames, enumCode, enumName, type ReservedBit, type ReservedCode } from './bit-names.ts';
import { ByteReader } from './byte-reader.ts';
import { ByteWriter } from './byte-writer.ts';
import { deviceTimeAfter } from './date-time.ts';
import {
  GLUCOSE_SAMPLE_LOCATIONS,
  GLUCOSE_SENSOR_STATUS,
  GLUCOSE_TYPES,
  type GlucoseSampleLocation,
  type GlucoseSensorStatus,
  type GlucoseType,
} from './glucose-enums.ts';
import { ReadingCollector } from './readings.ts';
import type { MedicalFloat } from './sfloat.ts';
import { defineCodec, type DecodeResult } from './types.ts';
import { GLUCOSE_KG_PER_L, GLUCOSE_MOL_PER_L } from './units.ts';

const NAME = 'glucose_measurement';

/** Flags octet (GLS v1.0.1); bits 5..7 are reserved. */
const FLAG = {
  timeOffset: 0x01,
  concentration: 0x02,
  molPerLitre: 0x04,
  sensorStatus: 0x08,
  contextFollows: 0x10,
} as const;
const KNOWN_FLAGS = 0x1f;

/**
 * Decoded Glucose Measurement (0x2A18). `concentration`, `concentrationUnit`, `type` and
 * `sampleLocation` are present together (flag bit 1).
 */
export interface GlucoseMeasurementFields {
  sequenceNumber: number;
  /** Base Time, `YYYY-MM-DDTHH:MM:SS` (unknown parts zero). */
  baseTime: string;
  /** Signed minutes added to the base time (flag bit 0). */
  timeOffsetMinutes?: number;
  /** In `concentrationUnit` as sent. */
  concentration?: MedicalFloat;
  concentrationUnit?: 'kg/L' | 'mol/L';
  type?: GlucoseType | ReservedCode;
  sampleLocation?: GlucoseSampleLocation | ReservedCode;
  sensorStatus?: Array<GlucoseSensorStatus | ReservedBit>;
  /** A Glucose Measurement Context with the same sequence number follows (flag bit 4). */
  contextInformationFollows: boolean;
}

/**
 * Decodes a Glucose Measurement (GLS v1.0.1; GSS "Glucose Measurement"). The reading is
 * glucose in mg/dL with the device time = base time + time offset and the record's sequence
 * number; kg/L and mol/L are converted (the original kept). A control-solution test is not a
 * patient value and yields no reading (flag `glucose:control-solution`).
 * @throws GattDecodeError when truncated, with reserved flags, bad date or trailing bytes
 */
export function decodeGlucoseMeasurement(value: Uint8Array): DecodeResult<GlucoseMeasurementFields> {
  const r = new ByteReader(value, NAME);
  const flags = r.flags('flags', KNOWN_FLAGS);
  const sequenceNumber = r.u16('sequence number');
  const baseTime = r.dateTime('base time');
  const fields: GlucoseMeasurementFields = { sequenceNumber, baseTime, contextInformationFollows: (flags & FLAG.contextFollows) !== 0 };
  if (flags & FLAG.timeOffset) fields.timeOffsetMinutes = r.s16('time offset');
  if (flags & FLAG.concentration) {
    fields.concentration = r.sfloat('glucose concentration');
    fields.concentrationUnit = flags & FLAG.molPerLitre ? 'mol/L' : 'kg/L';
    const typeAndLocation = r.u8('type-sample location');
    // Type is the least significant nibble, Sample Location the most (GSS Glucose Measurement note).
    fields.type = enumName(GLUCOSE_TYPES, typeAndLocation & 0x0f);
    fields.sampleLocation = enumName(GLUCOSE_SAMPLE_LOCATIONS, typeAndLocation >> 4);
  }
  if (flags & FLAG.sensorStatus) fields.sensorStatus = bitNames(GLUCOSE_SENSOR_STATUS, r.u16('sensor status annunciation'), 16);
  r.end();

  const readings = new ReadingCollector({ deviceTime: deviceTimeAfter(baseTime, fields.timeOffsetMinutes), sequence: sequenceNumber });
  if (fields.concentration) {
    if (fields.type === 'control-solution' || fields.sampleLocation === 'control-solution') readings.flag('glucose:control-solution');
    else readings.add('glucose', 'concentration', fields.concentration, fields.concentrationUnit === 'mol/L' ? GLUCOSE_MOL_PER_L : GLUCOSE_KG_PER_L);
  }
  return readings.result(NAME, fields);
}

/**
 * Encodes a Glucose Measurement (inverse of {@link decodeGlucoseMeasurement}).
 * @throws RangeError when a field does not fit, or concentration/unit/type/location are not all given together
 */
export function encodeGlucoseMeasurement(f: GlucoseMeasurementFields): Uint8Array {
  const group = [f.concentration, f.concentrationUnit, f.type, f.sampleLocation];
  const hasConcentration = group.every((v) => v !== undefined);
  if (!hasConcentration && group.some((v) => v !== undefined)) throw new RangeError('concentration, concentrationUnit, type and sampleLocation go together');
  const flags =
    (f.timeOffsetMinutes !== undefined ? FLAG.timeOffset : 0) |
    (hasConcentration ? FLAG.concentration : 0) |
    (f.concentrationUnit === 'mol/L' ? FLAG.molPerLitre : 0) |
    (f.sensorStatus !== undefined ? FLAG.sensorStatus : 0) |
    (f.contextInformationFollows ? FLAG.contextFollows : 0);
  const w = new ByteWriter().u8(flags, 'flags').u16(f.sequenceNumber, 'sequenceNumber').dateTime(f.baseTime);
  if (f.timeOffsetMinutes !== undefined) w.s16(f.timeOffsetMinutes, 'timeOffsetMinutes');
  if (hasConcentration) {
    const type = enumCode(GLUCOSE_TYPES, f.type!, 'type');
    const location = enumCode(GLUCOSE_SAMPLE_LOCATIONS, f.sampleLocation!, 'sampleLocation');
    if (type > 15 || location > 15) throw new RangeError('type and sampleLocation are nibbles (0..15)');
    w.sfloat(f.concentration!).u8(type | (location << 4), 'type-sample location');
  }
  if (f.sensorStatus !== undefined) w.u16(bitsFromNames(GLUCOSE_SENSOR_STATUS, f.sensorStatus, 16, 'sensorStatus'), 'sensorStatus');
  return w.toBytes();
}

/** Registry entry for 0x2A18. */
export const glucoseMeasurementCodec = defineCodec<GlucoseMeasurementFields>('2A18', NAME, decodeGlucoseMeasurement, encodeGlucoseMeasurement);
