import { ByteReader } from './byte-reader.ts';
import { ByteWriter } from './byte-writer.ts';
import { deviceTimeAfter } from './date-time.ts';
import { addPlxReadings, readPlxDeviceAndSensorStatus, readPlxMeasurementStatus, writePlxStatus, type PlxDeviceAndSensorStatus, type PlxMeasurementStatus } from './plx-status.ts';
import { ReadingCollector } from './readings.ts';
import type { MedicalFloat } from './sfloat.ts';
import { defineCodec, type DecodeResult } from './types.ts';

const NAME = 'plx_spot_check_measurement';

/** Flags (PLXS v1.0.1); bits 5..7 reserved. */
const FLAG = { timestamp: 0x01, measurementStatus: 0x02, deviceAndSensorStatus: 0x04, pulseAmplitudeIndex: 0x08, deviceClockNotSet: 0x10 } as const;
const KNOWN_FLAGS = 0x1f;

/** Decoded PLX Spot-check Measurement (0x2A5E). */
export interface PlxSpotCheckFields {
  /** Percent. */
  spo2: MedicalFloat;
  /** Beats per minute. */
  pulseRate: MedicalFloat;
  timestamp?: string;
  measurementStatus?: PlxMeasurementStatus[];
  deviceAndSensorStatus?: PlxDeviceAndSensorStatus[];
  /** Percent. */
  pulseAmplitudeIndex?: MedicalFloat;
  /** The device says its clock is not set, so `timestamp` is not a real time (flag bit 4). */
  deviceClockNotSet: boolean;
}

/**
 * Decodes a PLX Spot-check Measurement (PLXS v1.0.1). Readings: spo2 (%) and heart_rate
 * (/min, the pulse rate) at the timestamp, unless the device clock is not set (flag
 * `plx:device-clock-not-set`, no device time) or the status disowns the values (see plx-status.ts).
 * @throws GattDecodeError when truncated, with reserved flags, a bad timestamp or trailing bytes
 */
export function decodePlxSpotCheckMeasurement(value: Uint8Array): DecodeResult<PlxSpotCheckFields> {
  const r = new ByteReader(value, NAME);
  const flags = r.flags('flags', KNOWN_FLAGS);
  const f: PlxSpotCheckFields = { spo2: r.sfloat('SpO2'), pulseRate: r.sfloat('pulse rate'), deviceClockNotSet: (flags & FLAG.deviceClockNotSet) !== 0 };
  if (flags & FLAG.timestamp) f.timestamp = r.dateTime('timestamp');
  if (flags & FLAG.measurementStatus) f.measurementStatus = readPlxMeasurementStatus(r);
  if (flags & FLAG.deviceAndSensorStatus) f.deviceAndSensorStatus = readPlxDeviceAndSensorStatus(r);
  if (flags & FLAG.pulseAmplitudeIndex) f.pulseAmplitudeIndex = r.sfloat('pulse amplitude index');
  r.end();

  const usableTime = f.timestamp !== undefined && !f.deviceClockNotSet;
  const readings = new ReadingCollector({ deviceTime: usableTime ? deviceTimeAfter(f.timestamp!) : undefined });
  if (f.timestamp !== undefined && f.deviceClockNotSet) readings.flag('plx:device-clock-not-set');
  addPlxReadings(readings, f.spo2, f.pulseRate, f.measurementStatus);
  return readings.result(NAME, f);
}

/**
 * Encodes a PLX Spot-check Measurement (inverse of {@link decodePlxSpotCheckMeasurement}).
 * @throws RangeError when a field does not fit
 */
export function encodePlxSpotCheckMeasurement(f: PlxSpotCheckFields): Uint8Array {
  const flags =
    (f.timestamp !== undefined ? FLAG.timestamp : 0) |
    (f.measurementStatus !== undefined ? FLAG.measurementStatus : 0) |
    (f.deviceAndSensorStatus !== undefined ? FLAG.deviceAndSensorStatus : 0) |
    (f.pulseAmplitudeIndex !== undefined ? FLAG.pulseAmplitudeIndex : 0) |
    (f.deviceClockNotSet ? FLAG.deviceClockNotSet : 0);
  const w = new ByteWriter().u8(flags, 'flags').sfloat(f.spo2).sfloat(f.pulseRate);
  if (f.timestamp !== undefined) w.dateTime(f.timestamp);
  writePlxStatus(w, f);
  if (f.pulseAmplitudeIndex !== undefined) w.sfloat(f.pulseAmplitudeIndex);
  return w.toBytes();
}

/** Registry entry for 0x2A5E. */
export const plxSpotCheckMeasurementCodec = defineCodec<PlxSpotCheckFields>('2A5E', NAME, decodePlxSpotCheckMeasurement, encodePlxSpotCheckMeasurement);
