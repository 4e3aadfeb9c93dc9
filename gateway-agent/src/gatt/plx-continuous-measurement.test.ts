import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseHex } from './hex.ts';
import { decodePlxContinuousMeasurement, plxContinuousMeasurementCodec, type PlxContinuousFields } from './plx-continuous-measurement.ts';
import { PLX_DEVICE_AND_SENSOR_STATUS, PLX_MEASUREMENT_STATUS } from './plx-status.ts';
import { bitsArb, compact, sfloatArb } from './testing/arbitraries.ts';
import { assertRoundTrip, expectDecodeError } from './testing/assertions.ts';

describe('PLX Continuous Measurement 0x2A5F', () => {
  it('decodes SpO2PR-Normal into readings without a device time', () => {
    // 00 no options | 61 00 SpO2 97 % | 4B 00 PR 75 /min
    expect(decodePlxContinuousMeasurement(parseHex('00 61 00 4B 00'))).toEqual({
      characteristic: 'plx_continuous_measurement',
      fields: { spo2: { kind: 'number', value: 97 }, pulseRate: { kind: 'number', value: 75 } },
      readings: [
        { metric: 'spo2', value: 97, unit: '%' },
        { metric: 'heart_rate', value: 75, unit: '/min' },
      ],
    });
  });

  it('keeps the Fast and Slow pairs in fields only', () => {
    // 03: fast and slow present | normal 97/75 | fast 96/78 | slow 97/74
    const result = decodePlxContinuousMeasurement(parseHex('03 61 00 4B 00 60 00 4E 00 61 00 4A 00'));
    expect(result.fields.fast).toEqual({ spo2: { kind: 'number', value: 96 }, pulseRate: { kind: 'number', value: 78 } });
    expect(result.fields.slow).toEqual({ spo2: { kind: 'number', value: 97 }, pulseRate: { kind: 'number', value: 74 } });
    expect(result.readings).toHaveLength(2);
  });

  it('fails a cut Slow pair and trailing bytes', () => {
    expectDecodeError(() => decodePlxContinuousMeasurement(parseHex('02 61 00 4B 00 61')), 'TRUNCATED', 5);
    expectDecodeError(() => decodePlxContinuousMeasurement(parseHex('00 61 00 4B 00 00')), 'TRAILING_BYTES', 5);
  });

  it('round-trips any valid fields', () => {
    const pair = fc.record({ spo2: sfloatArb, pulseRate: sfloatArb });
    const fields: fc.Arbitrary<PlxContinuousFields> = fc
      .record({
        spo2: sfloatArb,
        pulseRate: sfloatArb,
        fast: fc.option(pair, { nil: undefined }),
        slow: fc.option(pair, { nil: undefined }),
        measurementStatus: fc.option(bitsArb(PLX_MEASUREMENT_STATUS, 16), { nil: undefined }),
        deviceAndSensorStatus: fc.option(bitsArb(PLX_DEVICE_AND_SENSOR_STATUS, 24), { nil: undefined }),
        pulseAmplitudeIndex: fc.option(sfloatArb, { nil: undefined }),
      })
      .map(compact);
    assertRoundTrip(plxContinuousMeasurementCodec, fields);
  });
});
