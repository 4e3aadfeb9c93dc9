import { optionalBloodPressureFields, readBloodPressureFrame, writeBloodPressureFrame, type BloodPressureFrame, type PressureUnit } from './blood-pressure-format.ts';
import { ReadingCollector } from './readings.ts';
import type { MedicalFloat } from './sfloat.ts';
import { defineCodec, type DecodeResult } from './types.ts';

const NAME = 'intermediate_cuff_pressure';

/**
 * Decoded Intermediate Cuff Pressure (0x2A36). Same layout as the Blood Pressure Measurement;
 * the systolic slot carries the current cuff pressure and the other two are unused (BLS
 * asks for NaN there; whatever is sent is kept so the value round-trips).
 */
export interface IntermediateCuffPressureFields extends Omit<BloodPressureFrame, 'compound'> {
  unit: PressureUnit;
  currentCuffPressure: MedicalFloat;
  unusedDiastolic: MedicalFloat;
  unusedMeanArterialPressure: MedicalFloat;
}

/**
 * Decodes an Intermediate Cuff Pressure notification, sent while the cuff inflates. It is
 * progress, not a measurement of the patient, so it yields no readings.
 * @throws GattDecodeError when truncated, with reserved flags, a bad time stamp or trailing bytes
 */
export function decodeIntermediateCuffPressure(value: Uint8Array): DecodeResult<IntermediateCuffPressureFields> {
  const frame = readBloodPressureFrame(value, NAME);
  const [currentCuffPressure, unusedDiastolic, unusedMeanArterialPressure] = frame.compound;
  return new ReadingCollector().result(NAME, { unit: frame.unit, currentCuffPressure, unusedDiastolic, unusedMeanArterialPressure, ...optionalBloodPressureFields(frame) });
}

/**
 * Encodes an Intermediate Cuff Pressure (inverse of {@link decodeIntermediateCuffPressure}).
 * @throws RangeError when a field does not fit
 */
export function encodeIntermediateCuffPressure(f: IntermediateCuffPressureFields): Uint8Array {
  const { currentCuffPressure, unusedDiastolic, unusedMeanArterialPressure, ...rest } = f;
  return writeBloodPressureFrame({ ...rest, compound: [currentCuffPressure, unusedDiastolic, unusedMeanArterialPressure] });
}

/** Registry entry for 0x2A36. */
export const intermediateCuffPressureCodec = defineCodec<IntermediateCuffPressureFields>('2A36', NAME, decodeIntermediateCuffPressure, encodeIntermediateCuffPressure);
