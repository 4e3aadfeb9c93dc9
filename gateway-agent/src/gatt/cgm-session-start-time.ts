import { enumCode, enumName, type ReservedCode } from './bit-names.ts';
import { ByteReader } from './byte-reader.ts';
import { ByteWriter } from './byte-writer.ts';
import { appendE2eCrc, readOptionalE2eCrc } from './cgm-e2e-crc.ts';
import { ReadingCollector } from './readings.ts';
import { defineCodec, type DecodeContext, type DecodeResult } from './types.ts';

const NAME = 'cgm_session_start_time';

/** DST Offset characteristic values (GSS "DST Offset"; others reserved). */
export const DST_OFFSETS = { 0: 'standard-time', 2: 'half-hour-daylight-time', 4: 'daylight-time', 8: 'double-daylight-time', 255: 'unknown' } as const;
export type DstOffset = (typeof DST_OFFSETS)[keyof typeof DST_OFFSETS];

/** Time Zone: sint8 in 15-minute steps, -48..+56, -128 = unknown (GSS "Time Zone"). */
const TIME_ZONE_UNKNOWN = -128;
const TIME_ZONE_STEP_MINUTES = 15;

/** Decoded CGM Session Start Time (0x2AAA). */
export interface CgmSessionStartTimeFields {
  /** Local date-time the session started, `YYYY-MM-DDTHH:MM:SS`: the base of every CGM time offset. */
  sessionStartTime: string;
  /** The device's UTC offset in minutes (standard time, without DST), or `unknown`. */
  timeZoneMinutes: number | 'unknown';
  dstOffset: DstOffset | ReservedCode;
  /** The value ended with a valid E2E-CRC. */
  e2eCrc: boolean;
}

/**
 * Decodes the CGM Session Start Time (CGMS v1.0.2). Measurement time = session start +
 * record time offset (minutes); pass `sessionStartTime` as `cgmSessionStartTime` when decoding
 * CGM Measurements.
 * @param context - `cgmE2eCrc` from the CGM Feature, if known
 * @throws GattDecodeError for a bad date, a time zone outside -48..56 (and not -128), a CRC
 *   problem, truncation or trailing bytes
 */
export function decodeCgmSessionStartTime(value: Uint8Array, context: DecodeContext = {}): DecodeResult<CgmSessionStartTimeFields> {
  const r = new ByteReader(value, NAME);
  const sessionStartTime = r.dateTime('session start time');
  const zoneAt = r.offset;
  const zone = r.s8('time zone');
  if (zone !== TIME_ZONE_UNKNOWN && (zone < -48 || zone > 56)) r.fail('INVALID_VALUE', `time zone ${zone} outside -48..56`, zoneAt);
  const dstOffset = enumName(DST_OFFSETS, r.u8('DST offset'));
  const e2eCrc = readOptionalE2eCrc(r, value.subarray(0, r.offset), context.cgmE2eCrc);
  r.end();
  const timeZoneMinutes = zone === TIME_ZONE_UNKNOWN ? 'unknown' : zone * TIME_ZONE_STEP_MINUTES;
  return new ReadingCollector().result(NAME, { sessionStartTime, timeZoneMinutes, dstOffset, e2eCrc });
}

/**
 * Encodes the CGM Session Start Time (inverse of {@link decodeCgmSessionStartTime}).
 * @throws RangeError when a field does not fit (time zone not a multiple of 15 minutes in -720..840)
 */
export function encodeCgmSessionStartTime(f: CgmSessionStartTimeFields): Uint8Array {
  const zone = f.timeZoneMinutes === 'unknown' ? TIME_ZONE_UNKNOWN : f.timeZoneMinutes / TIME_ZONE_STEP_MINUTES;
  if (f.timeZoneMinutes !== 'unknown' && (!Number.isInteger(zone) || zone < -48 || zone > 56)) {
    throw new RangeError(`timeZoneMinutes must be a multiple of 15 in -720..840, got ${f.timeZoneMinutes}`);
  }
  const w = new ByteWriter().dateTime(f.sessionStartTime).s8(zone, 'timeZone').u8(enumCode(DST_OFFSETS, f.dstOffset, 'dstOffset'), 'dstOffset');
  return (f.e2eCrc ? appendE2eCrc(w) : w).toBytes();
}

/** Registry entry for 0x2AAA. */
export const cgmSessionStartTimeCodec = defineCodec<CgmSessionStartTimeFields>('2AAA', NAME, decodeCgmSessionStartTime, encodeCgmSessionStartTime);
