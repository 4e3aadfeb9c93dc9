import { bloodPressureFeatureCodec } from '../../../gatt/blood-pressure-feature.ts';
import { encodeBloodPressureMeasurement } from '../../../gatt/blood-pressure-measurement.ts';
import { medicalNumber } from '../../../gatt/sfloat.ts';
import type { MockDeviceSpec } from '../device.ts';
import { healthDevice, type HealthDeviceOptions } from './standard-services.ts';

export interface BloodPressureCuffOptions extends HealthDeviceOptions {
  /** mmHg and beats per minute. */
  reading?: { systolic: number; diastolic: number; meanArterial: number; pulse: number; timeStamp?: string };
  /** How long after StartNotify the cuff indicates its measurement. */
  delayMs?: number;
}

export interface BloodPressureCuff {
  readonly spec: MockDeviceSpec;
  /** The Blood Pressure Measurement (2A35) frame it indicates. */
  readonly measurement: Buffer;
}

/**
 * A cuff (service 1810) that indicates one measurement shortly after the client subscribes to
 * 2A35, as cuffs do when they connect after a reading. 2A49 (feature) is readable.
 */
export function bloodPressureCuff(opts: BloodPressureCuffOptions): BloodPressureCuff {
  const r = opts.reading ?? { systolic: 128, diastolic: 82, meanArterial: 97, pulse: 66, timeStamp: '2026-01-01T08:15:00' };
  const measurement = Buffer.from(
    encodeBloodPressureMeasurement({
      unit: 'mmHg',
      systolic: medicalNumber(r.systolic),
      diastolic: medicalNumber(r.diastolic),
      meanArterialPressure: medicalNumber(r.meanArterial),
      pulseRate: medicalNumber(r.pulse),
      ...(r.timeStamp ? { timeStamp: r.timeStamp } : {}),
    }),
  );
  const spec = healthDevice(opts, { name: 'BP Cuff', battery: 55, info: { manufacturer: 'Acme Medical', model: 'BP-200', serial: 'BP200-0042' } }, {
    uuid: '1810',
    characteristics: [
      {
        uuid: '2A35',
        flags: ['indicate'],
        onSubscribe: (device) => setTimeout(() => device.notify('2A35', measurement), opts.delayMs ?? 20),
      },
      { uuid: '2A49', flags: ['read'], value: Buffer.from(bloodPressureFeatureCodec.encode({ features: ['irregular-pulse-detection'] })) },
    ],
  });
  return { spec, measurement };
}
