import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseHex } from './hex.ts';
import { decodePlxSpotCheckMeasurement, plxSpotCheckMeasurementCodec, type PlxSpotCheckFields } from './plx-spot-check-measurement.ts';
import { PLX_DEVICE_AND_SENSOR_STATUS, PLX_MEASUREMENT_STATUS } from './plx-status.ts';
import { bitsArb, compact, dateTimeArb, sfloatArb } from './testing/arbitraries.ts';
import { assertRoundTrip, expectDecodeError } from './testing/assertions.ts';

describe('PLX Spot-check Measurement 0x2A5E', () => {
  it('decodes SpO2 and pulse rate at the timestamp', () => {
    // 01 timestamp present | 62 00 SpO2 98 % | 48 00 PR 72 /min | E8 07 05 14 08 00 00 = 2024-05-20 08:00:00
    const result = decodePlxSpotCheckMeasurement(parseHex('01 62 00 48 00 E8 07 05 14 08 00 00'));
    expect(result.fields).toEqual({ spo2: { kind: 'number', value: 98 }, pulseRate: { kind: 'number', value: 72 }, timestamp: '2024-05-20T08:00:00', deviceClockNotSet: false });
    expect(result.readings).toEqual([
      { metric: 'spo2', value: 98, unit: '%', deviceTime: '2024-05-20T08:00:00' },
      { metric: 'heart_rate', value: 72, unit: '/min', deviceTime: '2024-05-20T08:00:00' },
    ]);
  });

  it('decodes every optional field', () => {
    // 1F: all fields + clock not set | status 0x0080 validated | device/sensor 0x000020 low perfusion | PAI 7B F0 = exp -1 mantissa 123 = 12.3 %
    const result = decodePlxSpotCheckMeasurement(parseHex('1F 62 00 48 00 E8 07 05 14 08 00 00 80 00 20 00 00 7B F0'));
    expect(result.fields).toMatchObject({
      measurementStatus: ['validated-data'],
      deviceAndSensorStatus: ['low-perfusion-detected'],
      pulseAmplitudeIndex: { kind: 'number', value: 12.3 },
      deviceClockNotSet: true,
    });
    expect(result.readings.every((r) => r.deviceTime === undefined)).toBe(true);
    expect(result.flags).toEqual(['plx:device-clock-not-set']);
  });

  it('makes no readings from a value the device marks invalid, unavailable, demo or test', () => {
    const result = decodePlxSpotCheckMeasurement(parseHex('02 62 00 48 00 00 88'));
    expect(result.fields.measurementStatus).toEqual(['data-for-testing', 'invalid-measurement-detected']);
    expect(result.readings).toEqual([]);
    expect(result.flags).toEqual(['plx:data-for-testing', 'plx:invalid-measurement-detected']);
  });

  it('drops a special SpO2 but keeps the pulse rate', () => {
    const result = decodePlxSpotCheckMeasurement(parseHex('00 FF 07 48 00'));
    expect(result.readings.map((r) => r.metric)).toEqual(['heart_rate']);
    expect(result.flags).toEqual(['special:spo2:NaN']);
  });

  it('fails truncation and reserved flags', () => {
    expectDecodeError(() => decodePlxSpotCheckMeasurement(parseHex('01 62 00 48 00 E8 07')), 'TRUNCATED', 5);
    expectDecodeError(() => decodePlxSpotCheckMeasurement(parseHex('20 62 00 48 00')), 'RESERVED_FLAGS', 0);
  });

  it('round-trips any valid fields', () => {
    const fields: fc.Arbitrary<PlxSpotCheckFields> = fc
      .record({
        spo2: sfloatArb,
        pulseRate: sfloatArb,
        timestamp: fc.option(dateTimeArb, { nil: undefined }),
        measurementStatus: fc.option(bitsArb(PLX_MEASUREMENT_STATUS, 16), { nil: undefined }),
        deviceAndSensorStatus: fc.option(bitsArb(PLX_DEVICE_AND_SENSOR_STATUS, 24), { nil: undefined }),
        pulseAmplitudeIndex: fc.option(sfloatArb, { nil: undefined }),
        deviceClockNotSet: fc.boolean(),
      })
      .map(compact);
    assertRoundTrip(plxSpotCheckMeasurementCodec, fields);
  });
});
