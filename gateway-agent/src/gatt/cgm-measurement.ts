import { ByteReader } from './byte-reader.ts';
import { ByteWriter } from './byte-writer.ts';
import { annunciationOctetNames, annunciationOctetValue, CGM_OCTET, type CgmAnnunciation } from './cgm-annunciation.ts';
import { appendE2eCrc, readOptionalE2eCrc } from './cgm-e2e-crc.ts';
import { deviceTimeAfter } from './date-time.ts';
import { ReadingCollector } from './readings.ts';
import type { MedicalFloat } from './sfloat.ts';
import { defineCodec, type DecodeContext, type DecodeResult } from './types.ts';

const NAME = 'cgm_measurement';

/** Record flags (CGMS v1.0.2); bits 2..4 are reserved. */
const FLAG = { trend: 0x01, quality: 0x02, warningOctet: 0x20, calTempOctet: 0x40, statusOctet: 0x80 } as const;
const KNOWN_FLAGS = 0xe3;
/** Size, flags, glucose concentration and time offset: the smallest record. */
const MIN_RECORD_SIZE = 6;

/** One CGM Measurement record; annunciation octets are present only when their flag is set. */
export interface CgmRecordFields {
  /** mg/dL (the CGM unit; no conversion needed). */
  glucoseConcentration: MedicalFloat;
  /** Minutes since the session start time. */
  timeOffsetMinutes: number;
  /** Sensor Status Annunciation, Status octet (bits 0–7). */
  statusOctet?: CgmAnnunciation[];
  /** Cal/Temp octet (bits 8–15). */
  calTempOctet?: CgmAnnunciation[];
  /** Warning octet (bits 16–23). */
  warningOctet?: CgmAnnunciation[];
  /** (mg/dL)/min. */
  trend?: MedicalFloat;
  /** Percent. */
  quality?: MedicalFloat;
  /** The record ended with a valid E2E-CRC. */
  e2eCrc: boolean;
}

/** Decoded CGM Measurement (0x2AA7): one notification holds one or more records. */
export interface CgmMeasurementFields {
  records: CgmRecordFields[];
}

function decodeRecord(value: Uint8Array, r: ByteReader, context: DecodeContext): CgmRecordFields {
  const start = r.offset;
  const size = r.u8('size');
  if (size < MIN_RECORD_SIZE) r.fail('INVALID_LENGTH', `record size ${size} is below ${MIN_RECORD_SIZE}`, start);
  if (size - 1 > r.remaining) r.fail('TRUNCATED', `record of ${size} bytes but ${r.remaining + 1} left`, start);
  const rec = r.sub(size - 1, 'record');
  const flags = rec.flags('flags', KNOWN_FLAGS);
  const fields: CgmRecordFields = { glucoseConcentration: rec.sfloat('glucose concentration'), timeOffsetMinutes: rec.u16('time offset'), e2eCrc: false };
  // Annunciation octets in the order of the 24-bit field, least significant first (GSS CGM
  // Measurement): Status (flag bit 7), Cal/Temp (bit 6), Warning (bit 5). The CRC-checked
  // public test frame of Nordic's Android library agrees; its nRF5 SDK sensor writes them the
  // other way round, so a device built on it would decode with Status and Warning swapped.
  if (flags & FLAG.statusOctet) fields.statusOctet = annunciationOctetNames(CGM_OCTET.status, rec.u8('status octet'));
  if (flags & FLAG.calTempOctet) fields.calTempOctet = annunciationOctetNames(CGM_OCTET.calTemp, rec.u8('cal/temp octet'));
  if (flags & FLAG.warningOctet) fields.warningOctet = annunciationOctetNames(CGM_OCTET.warning, rec.u8('warning octet'));
  if (flags & FLAG.trend) fields.trend = rec.sfloat('trend');
  if (flags & FLAG.quality) fields.quality = rec.sfloat('quality');
  fields.e2eCrc = readOptionalE2eCrc(rec, value.subarray(start, rec.offset), context.cgmE2eCrc);
  rec.end();
  return fields;
}

/**
 * Decodes a CGM Measurement notification (CGMS v1.0.2): records back to back, each
 * starting with its own size byte. Each record gives a glucose reading (mg/dL) whose device
 * time is the session start time + its time offset, when `context.cgmSessionStartTime` is
 * known (else flag `cgm:session-start-unknown` and no device time).
 * @param context - the CGM Feature's E2E-CRC bit and the Session Start Time, as far as known
 * @throws GattDecodeError for a bad record size, reserved flags, a CRC problem or truncation;
 *   one bad record fails the whole notification
 */
export function decodeCgmMeasurement(value: Uint8Array, context: DecodeContext = {}): DecodeResult<CgmMeasurementFields> {
  const r = new ByteReader(value, NAME);
  const records: CgmRecordFields[] = [decodeRecord(value, r, context)];
  while (r.remaining > 0) records.push(decodeRecord(value, r, context));

  const readings = new ReadingCollector();
  const start = context.cgmSessionStartTime;
  if (start === undefined) readings.flag('cgm:session-start-unknown');
  for (const rec of records) {
    readings.add('glucose', 'glucoseConcentration', rec.glucoseConcentration, undefined, {
      deviceTime: start === undefined ? undefined : deviceTimeAfter(start, rec.timeOffsetMinutes),
    });
  }
  return readings.result(NAME, { records });
}

function encodeRecord(rec: CgmRecordFields): Uint8Array {
  const body = new ByteWriter().sfloat(rec.glucoseConcentration).u16(rec.timeOffsetMinutes, 'timeOffsetMinutes');
  let flags = 0;
  const octets = [
    [rec.statusOctet, CGM_OCTET.status, FLAG.statusOctet],
    [rec.calTempOctet, CGM_OCTET.calTemp, FLAG.calTempOctet],
    [rec.warningOctet, CGM_OCTET.warning, FLAG.warningOctet],
  ] as const;
  for (const [names, index, flag] of octets) {
    if (names === undefined) continue;
    body.u8(annunciationOctetValue(index, names, 'annunciation'), 'annunciation');
    flags |= flag;
  }
  if (rec.trend !== undefined) {
    body.sfloat(rec.trend);
    flags |= FLAG.trend;
  }
  if (rec.quality !== undefined) {
    body.sfloat(rec.quality);
    flags |= FLAG.quality;
  }
  const size = 2 + body.length + (rec.e2eCrc ? 2 : 0);
  const w = new ByteWriter().u8(size, 'size').u8(flags, 'flags').raw(body.toBytes());
  return (rec.e2eCrc ? appendE2eCrc(w) : w).toBytes();
}

/**
 * Encodes a CGM Measurement notification (inverse of {@link decodeCgmMeasurement}).
 * @throws RangeError when a field does not fit or there is no record
 */
export function encodeCgmMeasurement(f: CgmMeasurementFields): Uint8Array {
  if (f.records.length === 0) throw new RangeError('a CGM Measurement holds at least one record');
  return new ByteWriter().raw(f.records.flatMap((rec) => Array.from(encodeRecord(rec)))).toBytes();
}

/** Registry entry for 0x2AA7. */
export const cgmMeasurementCodec = defineCodec<CgmMeasurementFields>('2AA7', NAME, decodeCgmMeasurement, encodeCgmMeasurement);
