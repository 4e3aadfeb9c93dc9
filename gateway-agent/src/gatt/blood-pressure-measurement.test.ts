import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BLOOD_PRESSURE_STATUS } from './blood-pressure-format.ts';
import { bloodPressureMeasurementCodec, decodeBloodPressureMeasurement, type BloodPressureMeasurementFields } from './blood-pressure-measurement.ts';
import { parseHex } from './hex.ts';
import { bitsArb, compact, dateTimeArb, sfloatArb } from './testing/arbitraries.ts';
import { assertRoundTrip, expectDecodeError } from './testing/assertions.ts';

// The widely quoted example frame:
// 1E          flags 0b00011110: mmHg, time stamp, pulse rate, user id, measurement status
// 79 00       systolic  SFLOAT 0x0079 = 121 mmHg
// 50 00       diastolic SFLOAT 0x0050 = 80 mmHg
// 5A 00       MAP       SFLOAT 0x005A = 90 mmHg
// E3 07 0B 0F 0A 1E 00   time stamp 0x07E3 = 2019, 11, 15, 10:30:00
// 48 00       pulse rate SFLOAT 0x0048 = 72 /min
// 01          user id 1
// 00 00       measurement status: nothing to report
const EXAMPLE = '1E 79 00 50 00 5A 00 E3 07 0B 0F 0A 1E 00 48 00 01 00 00';

describe('Blood Pressure Measurement 0x2A35', () => {
  it('decodes the example frame', () => {
    const result = decodeBloodPressureMeasurement(parseHex(EXAMPLE));
    expect(result).toEqual({
      characteristic: 'blood_pressure_measurement',
      fields: {
        unit: 'mmHg',
        systolic: { kind: 'number', value: 121 },
        diastolic: { kind: 'number', value: 80 },
        meanArterialPressure: { kind: 'number', value: 90 },
        timeStamp: '2019-11-15T10:30:00',
        pulseRate: { kind: 'number', value: 72 },
        userId: 1,
        measurementStatus: [],
      },
      readings: [
        { metric: 'systolic', value: 121, unit: 'mm[Hg]', deviceTime: '2019-11-15T10:30:00' },
        { metric: 'diastolic', value: 80, unit: 'mm[Hg]', deviceTime: '2019-11-15T10:30:00' },
        { metric: 'mean_arterial', value: 90, unit: 'mm[Hg]', deviceTime: '2019-11-15T10:30:00' },
        { metric: 'heart_rate', value: 72, unit: '/min', deviceTime: '2019-11-15T10:30:00' },
      ],
    });
    expect(bloodPressureMeasurementCodec.encode(result.fields)).toEqual(parseHex(EXAMPLE));
  });

  it('converts kPa to mm[Hg] at 7.50062 and keeps the original', () => {
    // 01: kPa, nothing else. A0 F0 = 160e-1 = 16.0 kPa; 6B F0 = 10.7 kPa; 7D F0 = 12.5 kPa.
    const result = decodeBloodPressureMeasurement(parseHex('01 A0 F0 6B F0 7D F0'));
    expect(result.readings).toEqual([
      { metric: 'systolic', value: 120.00992, unit: 'mm[Hg]', originalValue: 16, originalUnit: 'kPa' },
      { metric: 'diastolic', value: 80.256634, unit: 'mm[Hg]', originalValue: 10.7, originalUnit: 'kPa' },
      { metric: 'mean_arterial', value: 93.75775, unit: 'mm[Hg]', originalValue: 12.5, originalUnit: 'kPa' },
    ]);
  });

  it('drops only the special value (MAP = NaN) and says so', () => {
    const result = decodeBloodPressureMeasurement(parseHex('00 79 00 50 00 FF 07'));
    expect(result.readings.map((r) => r.metric)).toEqual(['systolic', 'diastolic']);
    expect(result.fields.meanArterialPressure).toEqual({ kind: 'special', special: 'NaN' });
    expect(result.flags).toEqual(['special:meanArterialPressure:NaN']);
  });

  it('names the measurement status bits, the 2-bit pulse range included', () => {
    // 0x003F: body movement, cuff loose, irregular pulse, pulse range = 3 (reserved: both range bits), improper position
    const result = decodeBloodPressureMeasurement(parseHex('10 79 00 50 00 5A 00 3F 00'));
    expect(result.fields.measurementStatus).toEqual([...BLOOD_PRESSURE_STATUS]);
    expect(decodeBloodPressureMeasurement(parseHex('10 79 00 50 00 5A 00 00 80')).fields.measurementStatus).toEqual(['bit15']);
  });

  it('fails truncated frames, reserved flags and trailing bytes', () => {
    expectDecodeError(() => decodeBloodPressureMeasurement(parseHex(EXAMPLE).subarray(0, 18)), 'TRUNCATED', 17);
    expectDecodeError(() => decodeBloodPressureMeasurement(parseHex('20 79 00 50 00 5A 00')), 'RESERVED_FLAGS', 0);
    expectDecodeError(() => decodeBloodPressureMeasurement(parseHex('00 79 00 50 00 5A 00 00')), 'TRAILING_BYTES', 7);
    expectDecodeError(() => decodeBloodPressureMeasurement(parseHex('02 79 00 50 00 5A 00 E3 07 0B 0F 18 1E 00')), 'INVALID_VALUE', 7);
  });

  it('round-trips any valid fields', () => {
    const fields: fc.Arbitrary<BloodPressureMeasurementFields> = fc
      .record({
        unit: fc.constantFrom('mmHg' as const, 'kPa' as const),
        systolic: sfloatArb,
        diastolic: sfloatArb,
        meanArterialPressure: sfloatArb,
        timeStamp: fc.option(dateTimeArb, { nil: undefined }),
        pulseRate: fc.option(sfloatArb, { nil: undefined }),
        userId: fc.option(fc.integer({ min: 0, max: 255 }), { nil: undefined }),
        measurementStatus: fc.option(bitsArb(BLOOD_PRESSURE_STATUS, 16), { nil: undefined }),
      })
      .map(compact);
    assertRoundTrip(bloodPressureMeasurementCodec, fields);
  });
});
