import { ByteReader } from './byte-reader.ts';
import { ByteWriter } from './byte-writer.ts';
import { annunciationNames, annunciationValue, type CgmAnnunciation } from './cgm-annunciation.ts';
import { appendE2eCrc, readOptionalE2eCrc } from './cgm-e2e-crc.ts';
import { ReadingCollector } from './readings.ts';
import { defineCodec, type DecodeContext, type DecodeResult } from './types.ts';

const NAME = 'cgm_status';

/** Decoded CGM Status (0x2AA9). */
export interface CgmStatusFields {
  /** Minutes since the session start time, when the status was taken. */
  timeOffsetMinutes: number;
  /** Set annunciation bits of the always-three-octet status (same bits as the CGM Measurement's). */
  status: CgmAnnunciation[];
  /** The value ended with a valid E2E-CRC. */
  e2eCrc: boolean;
}

/**
 * Decodes the CGM Status (CGMS v1.0.2): time offset, 24-bit status, optional E2E-CRC.
 * @param context - `cgmE2eCrc` from the CGM Feature, if known
 * @throws GattDecodeError when truncated, on a CRC problem or trailing bytes
 */
export function decodeCgmStatus(value: Uint8Array, context: DecodeContext = {}): DecodeResult<CgmStatusFields> {
  const r = new ByteReader(value, NAME);
  const timeOffsetMinutes = r.u16('time offset');
  const status = annunciationNames(r.uint(3, 'status'));
  const e2eCrc = readOptionalE2eCrc(r, value.subarray(0, r.offset), context.cgmE2eCrc);
  r.end();
  return new ReadingCollector().result(NAME, { timeOffsetMinutes, status, e2eCrc });
}

/**
 * Encodes the CGM Status (inverse of {@link decodeCgmStatus}).
 * @throws RangeError when a field does not fit
 */
export function encodeCgmStatus(f: CgmStatusFields): Uint8Array {
  const w = new ByteWriter().u16(f.timeOffsetMinutes, 'timeOffsetMinutes').uint(annunciationValue(f.status, 'status'), 3, 'status');
  return (f.e2eCrc ? appendE2eCrc(w) : w).toBytes();
}

/** Registry entry for 0x2AA9. */
export const cgmStatusCodec = defineCodec<CgmStatusFields>('2AA9', NAME, decodeCgmStatus, encodeCgmStatus);
