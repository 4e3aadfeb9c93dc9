import { bitNames, bitsFromNames, enumCode, enumName, type ReservedBit, type ReservedCode } from './bit-names.ts';
import { ByteReader } from './byte-reader.ts';
import { ByteWriter } from './byte-writer.ts';
import { ReadingCollector } from './readings.ts';
import { defineCodec, type DecodeResult } from './types.ts';

const NAME = 'current_time';

/** Day of Week (GSS "Day of Week"): 0 unknown, 1 Monday … 7 Sunday, 8..255 reserved. */
export const DAYS_OF_WEEK = { 0: 'unknown', 1: 'monday', 2: 'tuesday', 3: 'wednesday', 4: 'thursday', 5: 'friday', 6: 'saturday', 7: 'sunday' } as const;
export type DayOfWeek = (typeof DAYS_OF_WEEK)[keyof typeof DAYS_OF_WEEK];

/** Adjust Reason bits 0..3 (CTS v1.1; 4..7 reserved). */
export const ADJUST_REASONS = ['manual-time-update', 'external-reference-time-update', 'change-of-time-zone', 'change-of-dst'] as const;
export type AdjustReason = (typeof ADJUST_REASONS)[number];

/** Decoded Current Time (0x2A2B): Exact Time 256 + Adjust Reason. */
export interface CurrentTimeFields {
  /** The device's local date-time, `YYYY-MM-DDTHH:MM:SS`. */
  dateTime: string;
  dayOfWeek: DayOfWeek | ReservedCode;
  /** 1/256 s. */
  fractions256: number;
  adjustReason: Array<AdjustReason | ReservedBit>;
}

/**
 * Decodes the Current Time (CTS v1.1; GSS "Current Time", "Exact Time 256"). The agent
 * compares it with its own clock to measure the device's skew; it yields no readings.
 * @throws GattDecodeError for a bad date, truncation or trailing bytes
 */
export function decodeCurrentTime(value: Uint8Array): DecodeResult<CurrentTimeFields> {
  const r = new ByteReader(value, NAME);
  const dateTime = r.dateTime('date time');
  const dayOfWeek = enumName(DAYS_OF_WEEK, r.u8('day of week'));
  const fractions256 = r.u8('fractions256');
  // Adjust Reason bits change no layout, so reserved ones are kept rather than rejected.
  const adjustReason = bitNames(ADJUST_REASONS, r.u8('adjust reason'), 8);
  r.end();
  return new ReadingCollector().result(NAME, { dateTime, dayOfWeek, fractions256, adjustReason });
}

/**
 * Encodes the Current Time (inverse of {@link decodeCurrentTime}).
 * @throws RangeError when a field does not fit
 */
export function encodeCurrentTime(f: CurrentTimeFields): Uint8Array {
  return new ByteWriter()
    .dateTime(f.dateTime)
    .u8(enumCode(DAYS_OF_WEEK, f.dayOfWeek, 'dayOfWeek'), 'dayOfWeek')
    .u8(f.fractions256, 'fractions256')
    .u8(bitsFromNames(ADJUST_REASONS, f.adjustReason, 8, 'adjustReason'), 'adjustReason')
    .toBytes();
}

/** Registry entry for 0x2A2B. */
export const currentTimeCodec = defineCodec<CurrentTimeFields>('2A2B', NAME, decodeCurrentTime, encodeCurrentTime);
