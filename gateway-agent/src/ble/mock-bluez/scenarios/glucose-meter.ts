import { glucoseFeatureCodec } from '../../../gatt/glucose-feature.ts';
import { encodeGlucoseMeasurement } from '../../../gatt/glucose-measurement.ts';
import { decodeRecordAccessControlPoint, encodeRecordAccessControlPoint, type RacpFields } from '../../../gatt/record-access-control-point.ts';
import { medicalNumber } from '../../../gatt/sfloat.ts';
import type { MockDeviceSpec } from '../device.ts';
import type { DeviceHandle } from '../gatt.ts';
import { healthDevice, type HealthDeviceOptions } from './standard-services.ts';

export interface GlucoseMeterOptions extends HealthDeviceOptions {
  /** Records stored before the first connection (sequence numbers 1..n). */
  records?: number;
  /**
   * End the session right after a transfer, as many meters do: `after-response` once the RACP
   * response is indicated, `before-response` straight after the last record.
   */
  disconnectAfterTransfer?: 'after-response' | 'before-response';
}

/** A glucose meter (service 1808) with stored records it reports through RACP. */
export interface GlucoseMeter {
  readonly spec: MockDeviceSpec;
  /** Stored Glucose Measurement frames, oldest first. */
  readonly records: Buffer[];
  /** Every RACP request the meter received, in order. */
  readonly requests: Buffer[];
  /** Measure `n` more times (new records with the next sequence numbers). */
  addRecords(n: number): void;
}

const FIRST_RECORD = Date.UTC(2026, 0, 1, 7, 30);
const RECORD_SPACING_MS = 4 * 3_600_000;

/**
 * Record `seq` as a real meter encodes it: odd ones with flags 0x02 (concentration, type and
 * location), even ones 0x0B (adding time offset and sensor status); concentration in kg/L as
 * SFLOAT (mg/dL × 10⁻⁵).
 */
export function glucoseRecord(seq: number): Buffer {
  const base = new Date(FIRST_RECORD + (seq - 1) * RECORD_SPACING_MS).toISOString().slice(0, 19);
  const common = {
    sequenceNumber: seq,
    baseTime: base,
    concentration: medicalNumber((90 + (seq % 60)) / 100_000),
    concentrationUnit: 'kg/L' as const,
    type: 'capillary-plasma' as const,
    sampleLocation: 'finger' as const,
    contextInformationFollows: false,
  };
  const fields = seq % 2 === 1 ? common : { ...common, timeOffsetMinutes: 0, sensorStatus: [] };
  return Buffer.from(encodeGlucoseMeasurement(fields));
}

function racpResponse(requestOpCode: RacpFields['opCode'], responseCode: 'success' | 'no-records-found' | 'op-code-not-supported' | 'operator-not-supported'): Buffer {
  return Buffer.from(encodeRecordAccessControlPoint({ opCode: 'response-code', operator: 'null', requestOpCode, responseCode }));
}

/**
 * Build the meter. It answers `01 01` (all records) and `01 03 01 <min>` (sequence ≥ min) by
 * notifying the matching 2A18 frames, then indicating `06 00 01 01` (success) or `06 00 01 06`
 * (no records found) on 2A52.
 */
export function glucoseMeter(opts: GlucoseMeterOptions): GlucoseMeter {
  const records: Buffer[] = [];
  const requests: Buffer[] = [];
  const addRecords = (n: number): void => {
    for (let i = 0; i < n; i++) records.push(glucoseRecord(records.length + 1));
  };
  addRecords(opts.records ?? 0);

  const onRacp = (value: Buffer, device: DeviceHandle): void => {
    requests.push(value);
    const { fields } = decodeRecordAccessControlPoint(value);
    if (fields.opCode !== 'report-stored-records') {
      device.notify('2A52', racpResponse(fields.opCode, 'op-code-not-supported'));
      return;
    }
    const from = fields.operator === 'all-records' ? 1 : fields.operator === 'greater-than-or-equal-to' ? fields.minimum! : undefined;
    if (from === undefined) {
      device.notify('2A52', racpResponse(fields.opCode, 'operator-not-supported'));
      return;
    }
    const matching = records.filter((_, i) => i + 1 >= from);
    for (const r of matching) device.notify('2A18', r);
    if (opts.disconnectAfterTransfer === 'before-response') return device.disconnect();
    device.notify('2A52', racpResponse(fields.opCode, matching.length ? 'success' : 'no-records-found'));
    if (opts.disconnectAfterTransfer === 'after-response') device.disconnect();
  };

  const spec = healthDevice(
    opts,
    { name: 'Glucose Meter', battery: 80, info: { manufacturer: 'Acme Medical', model: 'GM-100', serial: 'GM100-0001', firmwareRevision: '1.2.3' } },
    {
      uuid: '1808',
      characteristics: [
        { uuid: '2A18', flags: ['notify'] },
        { uuid: '2A34', flags: ['notify'] },
        { uuid: '2A51', flags: ['read'], value: Buffer.from(glucoseFeatureCodec.encode({ features: ['low-battery-detection', 'time-fault'] })) },
        { uuid: '2A52', flags: ['write', 'indicate'], onWrite: onRacp },
      ],
    },
  );
  return { spec, records, requests, addRecords };
}
