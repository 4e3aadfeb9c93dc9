import { bitNames, bitsFromNames, type ReservedBit } from './bit-names.ts';
import { ByteReader } from './byte-reader.ts';
import { ByteWriter } from './byte-writer.ts';
import type { MedicalFloat } from './sfloat.ts';

/**
 * The layout shared by Blood Pressure Measurement (0x2A35) and Intermediate Cuff Pressure
 * (0x2A36): BLS v1.0, GSS "Blood Pressure Measurement". Flags, three SFLOATs
 * (systolic, diastolic, MAP — in mmHg, or kPa when flag bit 0 is set), then Time Stamp,
 * Pulse Rate, User ID and Measurement Status as the flags say.
 */

const FLAG = { kpa: 0x01, timeStamp: 0x02, pulseRate: 0x04, userId: 0x08, measurementStatus: 0x10 } as const;
const KNOWN_FLAGS = 0x1f;

/**
 * Measurement Status bits. Bits 3–4 are a 2-bit "pulse rate range" value (1 = above the upper
 * limit, 2 = below the lower limit, 3 reserved); naming each bit keeps every value lossless.
 */
export const BLOOD_PRESSURE_STATUS = [
  'body-movement',
  'cuff-too-loose',
  'irregular-pulse',
  'pulse-rate-exceeds-upper-limit',
  'pulse-rate-below-lower-limit',
  'improper-measurement-position',
] as const;
export type BloodPressureStatus = (typeof BLOOD_PRESSURE_STATUS)[number];

/** Unit of the three compound values. */
export type PressureUnit = 'mmHg' | 'kPa';

/** One value in the shared layout, positionally. */
export interface BloodPressureFrame {
  unit: PressureUnit;
  /** Systolic, diastolic, MAP (ICP: current cuff pressure, unused, unused). */
  compound: [MedicalFloat, MedicalFloat, MedicalFloat];
  timeStamp?: string;
  /** Beats per minute. */
  pulseRate?: MedicalFloat;
  /** 0..254, 255 = unknown user. */
  userId?: number;
  measurementStatus?: Array<BloodPressureStatus | ReservedBit>;
}

/**
 * Reads the shared layout.
 * @throws GattDecodeError when truncated, with reserved flags, a bad time stamp or trailing bytes
 */
export function readBloodPressureFrame(value: Uint8Array, characteristic: string): BloodPressureFrame {
  const r = new ByteReader(value, characteristic);
  const flags = r.flags('flags', KNOWN_FLAGS);
  const frame: BloodPressureFrame = {
    unit: flags & FLAG.kpa ? 'kPa' : 'mmHg',
    compound: [r.sfloat('systolic'), r.sfloat('diastolic'), r.sfloat('mean arterial pressure')],
  };
  if (flags & FLAG.timeStamp) frame.timeStamp = r.dateTime('time stamp');
  if (flags & FLAG.pulseRate) frame.pulseRate = r.sfloat('pulse rate');
  if (flags & FLAG.userId) frame.userId = r.u8('user id');
  if (flags & FLAG.measurementStatus) frame.measurementStatus = bitNames(BLOOD_PRESSURE_STATUS, r.u16('measurement status'), 16);
  r.end();
  return frame;
}

/**
 * Writes the shared layout.
 * @throws RangeError when a field does not fit
 */
export function writeBloodPressureFrame(frame: BloodPressureFrame): Uint8Array {
  const flags =
    (frame.unit === 'kPa' ? FLAG.kpa : 0) |
    (frame.timeStamp !== undefined ? FLAG.timeStamp : 0) |
    (frame.pulseRate !== undefined ? FLAG.pulseRate : 0) |
    (frame.userId !== undefined ? FLAG.userId : 0) |
    (frame.measurementStatus !== undefined ? FLAG.measurementStatus : 0);
  const w = new ByteWriter().u8(flags, 'flags');
  for (const v of frame.compound) w.sfloat(v);
  if (frame.timeStamp !== undefined) w.dateTime(frame.timeStamp);
  if (frame.pulseRate !== undefined) w.sfloat(frame.pulseRate);
  if (frame.userId !== undefined) w.u8(frame.userId, 'userId');
  if (frame.measurementStatus !== undefined) w.u16(bitsFromNames(BLOOD_PRESSURE_STATUS, frame.measurementStatus, 16, 'measurementStatus'), 'measurementStatus');
  return w.toBytes();
}

/** The optional fields, named, with absent ones left out. */
export function optionalBloodPressureFields(frame: BloodPressureFrame): Pick<BloodPressureFrame, 'timeStamp' | 'pulseRate' | 'userId' | 'measurementStatus'> {
  const { timeStamp, pulseRate, userId, measurementStatus } = frame;
  return Object.fromEntries(Object.entries({ timeStamp, pulseRate, userId, measurementStatus }).filter(([, v]) => v !== undefined));
}
