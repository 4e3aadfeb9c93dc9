import { optionalBloodPressureFields, readBloodPressureFrame, writeBloodPressureFrame, type BloodPressureFrame, type PressureUnit } from './blood-pressure-format.ts';
import { deviceTimeAfter } from './date-time.ts';
import { ReadingCollector } from './readings.ts';
import type { MedicalFloat } from './sfloat.ts';
import { defineCodec, type DecodeResult } from './types.ts';
import { PRESSURE_KPA } from './units.ts';

const NAME = 'blood_pressure_measurement';

/** Decoded Blood Pressure Measurement (0x2A35); pressures in `unit` as sent. */
export interface BloodPressureMeasurementFields extends Omit<BloodPressureFrame, 'compound'> {
  unit: PressureUnit;
  systolic: MedicalFloat;
  diastolic: MedicalFloat;
  meanArterialPressure: MedicalFloat;
}

/**
 * Decodes a Blood Pressure Measurement (BLS v1.0). Readings: systolic, diastolic and
 * mean_arterial in mm[Hg] (kPa converted at 7.50062, original kept) and heart_rate from the
 * pulse rate, all at the time stamp when there is one. A special value (e.g. MAP = NaN on
 * cuffs that do not compute it) gives no reading for that value only.
 * @throws GattDecodeError when truncated, with reserved flags, a bad time stamp or trailing bytes
 */
export function decodeBloodPressureMeasurement(value: Uint8Array): DecodeResult<BloodPressureMeasurementFields> {
  const frame = readBloodPressureFrame(value, NAME);
  const [systolic, diastolic, meanArterialPressure] = frame.compound;
  const fields: BloodPressureMeasurementFields = { unit: frame.unit, systolic, diastolic, meanArterialPressure, ...optionalBloodPressureFields(frame) };

  const readings = new ReadingCollector({ deviceTime: frame.timeStamp === undefined ? undefined : deviceTimeAfter(frame.timeStamp) });
  const conversion = frame.unit === 'kPa' ? PRESSURE_KPA : undefined;
  readings.add('systolic', 'systolic', systolic, conversion);
  readings.add('diastolic', 'diastolic', diastolic, conversion);
  readings.add('mean_arterial', 'meanArterialPressure', meanArterialPressure, conversion);
  if (frame.pulseRate) readings.add('heart_rate', 'pulseRate', frame.pulseRate);
  return readings.result(NAME, fields);
}

/**
 * Encodes a Blood Pressure Measurement (inverse of {@link decodeBloodPressureMeasurement}).
 * @throws RangeError when a field does not fit
 */
export function encodeBloodPressureMeasurement(f: BloodPressureMeasurementFields): Uint8Array {
  const { systolic, diastolic, meanArterialPressure, ...rest } = f;
  return writeBloodPressureFrame({ ...rest, compound: [systolic, diastolic, meanArterialPressure] });
}

/** Registry entry for 0x2A35. */
export const bloodPressureMeasurementCodec = defineCodec<BloodPressureMeasurementFields>('2A35', NAME, decodeBloodPressureMeasurement, encodeBloodPressureMeasurement);
