import { ByteReader } from './byte-reader.ts';
import { ByteWriter } from './byte-writer.ts';
import { deviceTimeAfter } from './date-time.ts';
import { ReadingCollector } from './readings.ts';
import { defineCodec, type DecodeResult } from './types.ts';
import { LENGTH_INCH, MASS_LB } from './units.ts';

const NAME = 'weight_measurement';

/** Flags (WSS v1.0; GSS "Weight Measurement"); bits 4..7 reserved. */
const FLAG = { imperial: 0x01, timeStamp: 0x02, userId: 0x04, bmiAndHeight: 0x08 } as const;
const KNOWN_FLAGS = 0x0f;

/**
 * Resolutions (GSS "Weight Measurement"): weight 0.005 kg or 0.01 lb, height 0.001 m or
 * 0.1 in, BMI 0.1 kg/m². Stored as "units per step" so decoding divides by an integer and
 * 0.005 × n never picks up binary noise.
 */
const STEPS = {
  si: { weight: 200, height: 1000 },
  imperial: { weight: 100, height: 10 },
} as const;
const BMI_STEPS = 10;

/**
 * 0xFFFF in the weight field means "Measurement Unsuccessful" (WSS v1.0, as the
 * Body Composition Service also uses it); it is never 327.675 kg.
 */
const UNSUCCESSFUL = 0xffff;

/** Decoded Weight Measurement (0x2A9D). Weight and height are in the units the flag names. */
export interface WeightMeasurementFields {
  /** `si`: kg and m; `imperial`: lb and in (flag bit 0). */
  units: 'si' | 'imperial';
  weight: number | 'measurement-unsuccessful';
  timeStamp?: string;
  /** 0..254, 255 = unknown user. */
  userId?: number;
  /** kg/m² (with `height`). */
  bmi?: number;
  /** m or in (with `bmi`). */
  height?: number;
}

/**
 * Decodes a Weight Measurement (WSS v1.0). Readings: body_weight in kg (pounds converted
 * at 0.45359237, original kept as [lb_av]) and, when present, bmi and body_height in m
 * (inches converted at 0.0254), all at the time stamp.
 * @throws GattDecodeError when truncated, with reserved flags, a bad time stamp or trailing bytes
 */
export function decodeWeightMeasurement(value: Uint8Array): DecodeResult<WeightMeasurementFields> {
  const r = new ByteReader(value, NAME);
  const flags = r.flags('flags', KNOWN_FLAGS);
  const units = flags & FLAG.imperial ? 'imperial' : 'si';
  const rawWeight = r.u16('weight');
  const f: WeightMeasurementFields = { units, weight: rawWeight === UNSUCCESSFUL ? 'measurement-unsuccessful' : rawWeight / STEPS[units].weight };
  if (flags & FLAG.timeStamp) f.timeStamp = r.dateTime('time stamp');
  if (flags & FLAG.userId) f.userId = r.u8('user id');
  if (flags & FLAG.bmiAndHeight) {
    f.bmi = r.u16('BMI') / BMI_STEPS;
    f.height = r.u16('height') / STEPS[units].height;
  }
  r.end();

  const readings = new ReadingCollector({ deviceTime: f.timeStamp === undefined ? undefined : deviceTimeAfter(f.timeStamp) });
  if (f.weight === 'measurement-unsuccessful') readings.flag('weight:measurement-unsuccessful');
  else readings.add('body_weight', 'weight', f.weight, units === 'imperial' ? MASS_LB : undefined);
  if (f.bmi !== undefined) readings.add('bmi', 'bmi', f.bmi);
  if (f.height !== undefined) readings.add('body_height', 'height', f.height, units === 'imperial' ? LENGTH_INCH : undefined);
  return readings.result(NAME, f);
}

function steps(value: number, perUnit: number, field: string): number {
  const n = Math.round(value * perUnit);
  if (Math.abs(n - value * perUnit) > 1e-6) throw new RangeError(`${field} ${value} is not a multiple of 1/${perUnit}`);
  return n;
}

/**
 * Encodes a Weight Measurement (inverse of {@link decodeWeightMeasurement}).
 * @throws RangeError when a value is not on the field's resolution or out of range
 */
export function encodeWeightMeasurement(f: WeightMeasurementFields): Uint8Array {
  if ((f.bmi === undefined) !== (f.height === undefined)) throw new RangeError('bmi and height go together');
  const flags = (f.units === 'imperial' ? FLAG.imperial : 0) | (f.timeStamp !== undefined ? FLAG.timeStamp : 0) | (f.userId !== undefined ? FLAG.userId : 0) | (f.bmi !== undefined ? FLAG.bmiAndHeight : 0);
  const weight = f.weight === 'measurement-unsuccessful' ? UNSUCCESSFUL : steps(f.weight, STEPS[f.units].weight, 'weight');
  if (weight === UNSUCCESSFUL && f.weight !== 'measurement-unsuccessful') throw new RangeError('weight too large (0xFFFF means measurement unsuccessful)');
  const w = new ByteWriter().u8(flags, 'flags').u16(weight, 'weight');
  if (f.timeStamp !== undefined) w.dateTime(f.timeStamp);
  if (f.userId !== undefined) w.u8(f.userId, 'userId');
  if (f.bmi !== undefined) w.u16(steps(f.bmi, BMI_STEPS, 'bmi'), 'bmi').u16(steps(f.height!, STEPS[f.units].height, 'height'), 'height');
  return w.toBytes();
}

/** Registry entry for 0x2A9D. */
export const weightMeasurementCodec = defineCodec<WeightMeasurementFields>('2A9D', NAME, decodeWeightMeasurement, encodeWeightMeasurement);
