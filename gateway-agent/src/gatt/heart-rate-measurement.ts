import { ByteReader } from './byte-reader.ts';
import { ByteWriter } from './byte-writer.ts';
import { ReadingCollector } from './readings.ts';
import { defineCodec, type DecodeResult } from './types.ts';

const NAME = 'heart_rate_measurement';

/** Flags (HRS v1.0); bits 5..7 reserved. Bits 1–2 are the Sensor Contact Status. */
const FLAG = { uint16: 0x01, contactDetected: 0x02, contactSupported: 0x04, energyExpended: 0x08, rrIntervals: 0x10 } as const;
const KNOWN_FLAGS = 0x1f;
/** RR-Intervals are in 1/1024 s; 1000/1024 = 0.9765625 ms is exact in binary, so ms round-trip. */
const MS_PER_RR_UNIT = 1000 / 1024;

/** Decoded Heart Rate Measurement (0x2A37). */
export interface HeartRateMeasurementFields {
  /** Beats per minute. */
  heartRate: number;
  /** Sensor Contact Status bits: 0b0x not supported, 0b10 supported but no contact, 0b11 contact. */
  sensorContact: 'not-supported' | 'not-detected' | 'detected';
  /** Kilojoules since the last reset; 65535 means "at least 65535". */
  energyExpendedKj?: number;
  /** RR-Intervals in milliseconds (sent in 1/1024 s), oldest first. */
  rrIntervalsMs?: number[];
}

/**
 * Decodes a Heart Rate Measurement (HRS v1.0). Reading: heart_rate (/min); the
 * characteristic has no time stamp, so it carries no device time.
 * @throws GattDecodeError when truncated, with reserved flags, or when the RR-Interval bytes
 *   are absent or odd in number (`INVALID_LENGTH`)
 */
export function decodeHeartRateMeasurement(value: Uint8Array): DecodeResult<HeartRateMeasurementFields> {
  const r = new ByteReader(value, NAME);
  const flags = r.flags('flags', KNOWN_FLAGS);
  const heartRate = flags & FLAG.uint16 ? r.u16('heart rate') : r.u8('heart rate');
  const sensorContact = !(flags & FLAG.contactSupported) ? 'not-supported' : flags & FLAG.contactDetected ? 'detected' : 'not-detected';
  const f: HeartRateMeasurementFields = { heartRate, sensorContact };
  if (flags & FLAG.energyExpended) f.energyExpendedKj = r.u16('energy expended');
  if (flags & FLAG.rrIntervals) {
    if (r.remaining === 0 || r.remaining % 2 !== 0) r.fail('INVALID_LENGTH', `RR-Interval field of ${r.remaining} byte(s) is not a whole number of uint16 (and at least one)`);
    f.rrIntervalsMs = [];
    while (r.remaining > 0) f.rrIntervalsMs.push(r.u16('RR-interval') * MS_PER_RR_UNIT);
  }
  r.end();
  const readings = new ReadingCollector();
  readings.add('heart_rate', 'heartRate', heartRate);
  return readings.result(NAME, f);
}

/**
 * Encodes a Heart Rate Measurement (inverse of {@link decodeHeartRateMeasurement}); the uint16
 * format is used only when the rate exceeds 255.
 * @throws RangeError when a field does not fit or `rrIntervalsMs` is empty
 */
export function encodeHeartRateMeasurement(f: HeartRateMeasurementFields): Uint8Array {
  if (f.rrIntervalsMs?.length === 0) throw new RangeError('rrIntervalsMs needs at least one interval when present');
  const wide = f.heartRate > 0xff;
  const contact = f.sensorContact === 'detected' ? FLAG.contactSupported | FLAG.contactDetected : f.sensorContact === 'not-detected' ? FLAG.contactSupported : 0;
  const flags = (wide ? FLAG.uint16 : 0) | contact | (f.energyExpendedKj !== undefined ? FLAG.energyExpended : 0) | (f.rrIntervalsMs ? FLAG.rrIntervals : 0);
  const w = new ByteWriter().u8(flags, 'flags').uint(f.heartRate, wide ? 2 : 1, 'heartRate');
  if (f.energyExpendedKj !== undefined) w.u16(f.energyExpendedKj, 'energyExpendedKj');
  for (const ms of f.rrIntervalsMs ?? []) w.u16(Math.round(ms / MS_PER_RR_UNIT), 'rrIntervalsMs');
  return w.toBytes();
}

/** Registry entry for 0x2A37. */
export const heartRateMeasurementCodec = defineCodec<HeartRateMeasurementFields>('2A37', NAME, decodeHeartRateMeasurement, encodeHeartRateMeasurement);
