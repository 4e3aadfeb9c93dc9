import { ByteReader } from './byte-reader.ts';
import { ByteWriter } from './byte-writer.ts';
import { addPlxReadings, readPlxDeviceAndSensorStatus, readPlxMeasurementStatus, writePlxStatus, type PlxDeviceAndSensorStatus, type PlxMeasurementStatus } from './plx-status.ts';
import { ReadingCollector } from './readings.ts';
import type { MedicalFloat } from './sfloat.ts';
import { defineCodec, type DecodeResult } from './types.ts';

const NAME = 'plx_continuous_measurement';

/** Flags (PLXS v1.0.1); bits 5..7 reserved. */
const FLAG = { fast: 0x01, slow: 0x02, measurementStatus: 0x04, deviceAndSensorStatus: 0x08, pulseAmplitudeIndex: 0x10 } as const;
const KNOWN_FLAGS = 0x1f;

/** An SpO2 (%) and pulse rate (/min) pair. */
export interface SpO2PulseRate {
  spo2: MedicalFloat;
  pulseRate: MedicalFloat;
}

/** Decoded PLX Continuous Measurement (0x2A5F). `spo2`/`pulseRate` are SpO2PR-Normal. */
export interface PlxContinuousFields extends SpO2PulseRate {
  /** SpO2PR-Fast (flag bit 0). */
  fast?: SpO2PulseRate;
  /** SpO2PR-Slow (flag bit 1). */
  slow?: SpO2PulseRate;
  measurementStatus?: PlxMeasurementStatus[];
  deviceAndSensorStatus?: PlxDeviceAndSensorStatus[];
  /** Percent. */
  pulseAmplitudeIndex?: MedicalFloat;
}

function readPair(r: ByteReader, which: string): SpO2PulseRate {
  return { spo2: r.sfloat(`${which} SpO2`), pulseRate: r.sfloat(`${which} pulse rate`) };
}

/**
 * Decodes a PLX Continuous Measurement (PLXS v1.0.1). Readings come from the
 * SpO2PR-Normal pair only (the Fast and Slow averages stay in fields); the characteristic has
 * no time stamp, so readings carry no device time (the agent uses the time of receipt).
 * @throws GattDecodeError when truncated, with reserved flags or trailing bytes
 */
export function decodePlxContinuousMeasurement(value: Uint8Array): DecodeResult<PlxContinuousFields> {
  const r = new ByteReader(value, NAME);
  const flags = r.flags('flags', KNOWN_FLAGS);
  const f: PlxContinuousFields = readPair(r, 'normal');
  if (flags & FLAG.fast) f.fast = readPair(r, 'fast');
  if (flags & FLAG.slow) f.slow = readPair(r, 'slow');
  if (flags & FLAG.measurementStatus) f.measurementStatus = readPlxMeasurementStatus(r);
  if (flags & FLAG.deviceAndSensorStatus) f.deviceAndSensorStatus = readPlxDeviceAndSensorStatus(r);
  if (flags & FLAG.pulseAmplitudeIndex) f.pulseAmplitudeIndex = r.sfloat('pulse amplitude index');
  r.end();
  const readings = new ReadingCollector();
  addPlxReadings(readings, f.spo2, f.pulseRate, f.measurementStatus);
  return readings.result(NAME, f);
}

/**
 * Encodes a PLX Continuous Measurement (inverse of {@link decodePlxContinuousMeasurement}).
 * @throws RangeError when a field does not fit
 */
export function encodePlxContinuousMeasurement(f: PlxContinuousFields): Uint8Array {
  const flags =
    (f.fast ? FLAG.fast : 0) |
    (f.slow ? FLAG.slow : 0) |
    (f.measurementStatus !== undefined ? FLAG.measurementStatus : 0) |
    (f.deviceAndSensorStatus !== undefined ? FLAG.deviceAndSensorStatus : 0) |
    (f.pulseAmplitudeIndex !== undefined ? FLAG.pulseAmplitudeIndex : 0);
  const w = new ByteWriter().u8(flags, 'flags');
  for (const pair of [f, f.fast, f.slow]) if (pair) w.sfloat(pair.spo2).sfloat(pair.pulseRate);
  writePlxStatus(w, f);
  if (f.pulseAmplitudeIndex !== undefined) w.sfloat(f.pulseAmplitudeIndex);
  return w.toBytes();
}

/** Registry entry for 0x2A5F. */
export const plxContinuousMeasurementCodec = defineCodec<PlxContinuousFields>('2A5F', NAME, decodePlxContinuousMeasurement, encodePlxContinuousMeasurement);
