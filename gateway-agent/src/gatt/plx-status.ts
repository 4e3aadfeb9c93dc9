import { bitNames, bitsFromNames, type ReservedBit } from './bit-names.ts';
import type { ByteReader } from './byte-reader.ts';
import type { ByteWriter } from './byte-writer.ts';
import type { ReadingCollector, ReadingKey } from './readings.ts';
import type { MedicalFloat } from './sfloat.ts';

/** PLX Measurement Status bits 5..15 (PLXS v1.0.1; bits 0..4 reserved). */
export const PLX_MEASUREMENT_STATUS = [
  undefined,
  undefined,
  undefined,
  undefined,
  undefined,
  'measurement-ongoing',
  'early-estimated-data',
  'validated-data',
  'fully-qualified-data',
  'data-from-measurement-storage',
  'data-for-demonstration',
  'data-for-testing',
  'calibration-ongoing',
  'measurement-unavailable',
  'questionable-measurement-detected',
  'invalid-measurement-detected',
] as const;
export type PlxMeasurementStatus = Exclude<(typeof PLX_MEASUREMENT_STATUS)[number], undefined> | ReservedBit;

/** PLX Device and Sensor Status bits 0..15 (PLXS v1.0.1; 16..23 reserved). */
export const PLX_DEVICE_AND_SENSOR_STATUS = [
  'extended-display-update-ongoing',
  'equipment-malfunction-detected',
  'signal-processing-irregularity-detected',
  'inadequate-signal-detected',
  'poor-signal-detected',
  'low-perfusion-detected',
  'erratic-signal-detected',
  'nonpulsatile-signal-detected',
  'questionable-pulse-detected',
  'signal-analysis-ongoing',
  'sensor-interference-detected',
  'sensor-unconnected-to-user',
  'unknown-sensor-connected',
  'sensor-displaced',
  'sensor-malfunctioning',
  'sensor-disconnected',
] as const;
export type PlxDeviceAndSensorStatus = (typeof PLX_DEVICE_AND_SENSOR_STATUS)[number] | ReservedBit;

/** Reads the 16-bit Measurement Status. */
export function readPlxMeasurementStatus(r: ByteReader): PlxMeasurementStatus[] {
  return bitNames(PLX_MEASUREMENT_STATUS, r.u16('measurement status'), 16);
}

/** Reads the 24-bit Device and Sensor Status. */
export function readPlxDeviceAndSensorStatus(r: ByteReader): PlxDeviceAndSensorStatus[] {
  return bitNames(PLX_DEVICE_AND_SENSOR_STATUS, r.uint(3, 'device and sensor status'), 24);
}

/** Writes the optional status fields that are present. */
export function writePlxStatus(w: ByteWriter, f: { measurementStatus?: PlxMeasurementStatus[]; deviceAndSensorStatus?: PlxDeviceAndSensorStatus[] }): void {
  if (f.measurementStatus !== undefined) w.u16(bitsFromNames(PLX_MEASUREMENT_STATUS, f.measurementStatus, 16, 'measurementStatus'), 'measurementStatus');
  if (f.deviceAndSensorStatus !== undefined) {
    w.uint(bitsFromNames(PLX_DEVICE_AND_SENSOR_STATUS, f.deviceAndSensorStatus, 24, 'deviceAndSensorStatus'), 3, 'deviceAndSensorStatus');
  }
}

/**
 * Statuses that make the value not a patient measurement: the device says it is unavailable or
 * invalid, or that it is demonstration or test data (PLXS).
 */
const NOT_A_PATIENT_VALUE: readonly PlxMeasurementStatus[] = ['measurement-unavailable', 'invalid-measurement-detected', 'data-for-demonstration', 'data-for-testing'];

/**
 * Adds the SpO2 (`spo2`, %) and pulse rate (`heart_rate`, /min) readings, unless the
 * measurement status disowns them (then one flag `plx:<status>` per reason and no readings).
 */
export function addPlxReadings(readings: ReadingCollector, spo2: MedicalFloat, pulseRate: MedicalFloat, status: readonly PlxMeasurementStatus[] | undefined, key?: ReadingKey): void {
  const reasons = (status ?? []).filter((s) => NOT_A_PATIENT_VALUE.includes(s));
  for (const reason of reasons) readings.flag(`plx:${reason}`);
  if (reasons.length > 0) return;
  readings.add('spo2', 'spo2', spo2, undefined, key);
  readings.add('heart_rate', 'pulseRate', pulseRate, undefined, key);
}
