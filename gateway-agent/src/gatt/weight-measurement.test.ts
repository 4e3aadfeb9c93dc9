import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseHex } from './hex.ts';
import { compact, dateTimeArb } from './testing/arbitraries.ts';
import { assertRoundTrip, expectDecodeError } from './testing/assertions.ts';
import { decodeWeightMeasurement, encodeWeightMeasurement, weightMeasurementCodec, type WeightMeasurementFields } from './weight-measurement.ts';

describe('Weight Measurement 0x2A9D', () => {
  it('decodes a public pound-mode frame and converts to kg', () => {
    // Frame from a commercial scale quoted in a public Q&A thread:
    // 03 imperial + time stamp | 34 12 = 0x1234 = 4660 × 0.01 lb = 46.60 lb | E0 07 02 19 03 31 1C = 2016-02-25 03:49:28
    const result = decodeWeightMeasurement(parseHex('03 34 12 E0 07 02 19 03 31 1C'));
    expect(result.fields).toEqual({ units: 'imperial', weight: 46.6, timeStamp: '2016-02-25T03:49:28' });
    expect(result.readings).toEqual([
      // 46.6 × 0.45359237 = 21.137404442 kg
      { metric: 'body_weight', value: 21.137404442, unit: 'kg', originalValue: 46.6, originalUnit: '[lb_av]', deviceTime: '2016-02-25T03:49:28' },
    ]);
  });

  it('decodes the same scale in kg mode (0.005 kg steps)', () => {
    // 02 SI + time stamp | A8 0C = 3240 × 0.005 = 16.2 kg | 2016-02-25 03:51:07
    const result = decodeWeightMeasurement(parseHex('02 A8 0C E0 07 02 19 03 33 07'));
    expect(result.readings).toEqual([{ metric: 'body_weight', value: 16.2, unit: 'kg', deviceTime: '2016-02-25T03:51:07' }]);
  });

  it('decodes user id, BMI and height, converting inches to metres', () => {
    // 0D imperial + user + BMI/height | 80 3E = 16000 → 160.00 lb | 03 user 3 | EB 00 = 23.5 kg/m² | B4 02 = 692 → 69.2 in
    const result = decodeWeightMeasurement(parseHex('0D 80 3E 03 EB 00 B4 02'));
    expect(result.fields).toEqual({ units: 'imperial', weight: 160, userId: 3, bmi: 23.5, height: 69.2 });
    expect(result.readings).toEqual([
      { metric: 'body_weight', value: 72.5747792, unit: 'kg', originalValue: 160, originalUnit: '[lb_av]' },
      { metric: 'bmi', value: 23.5, unit: 'kg/m2' },
      { metric: 'body_height', value: 1.75768, unit: 'm', originalValue: 69.2, originalUnit: '[in_i]' },
    ]);
  });

  it('treats 0xFFFF as "measurement unsuccessful", never as 327.675 kg', () => {
    const result = decodeWeightMeasurement(parseHex('00 FF FF'));
    expect(result.fields.weight).toBe('measurement-unsuccessful');
    expect(result.readings).toEqual([]);
    expect(result.flags).toEqual(['weight:measurement-unsuccessful']);
  });

  it('fails truncation, reserved flags and trailing bytes', () => {
    expectDecodeError(() => decodeWeightMeasurement(parseHex('08 A8 0C EB 00')), 'TRUNCATED', 5);
    expectDecodeError(() => decodeWeightMeasurement(parseHex('10 A8 0C')), 'RESERVED_FLAGS', 0);
    expectDecodeError(() => decodeWeightMeasurement(parseHex('00 A8 0C 00')), 'TRAILING_BYTES', 3);
  });

  it('refuses a weight off the 0.005 kg grid', () => {
    expect(() => encodeWeightMeasurement({ units: 'si', weight: 70.001 })).toThrow(RangeError);
  });

  it('round-trips any valid fields', () => {
    const fields: fc.Arbitrary<WeightMeasurementFields> = fc
      .record({
        units: fc.constantFrom('si' as const, 'imperial' as const),
        rawWeight: fc.integer({ min: 0, max: 0xffff }),
        timeStamp: fc.option(dateTimeArb, { nil: undefined }),
        userId: fc.option(fc.integer({ min: 0, max: 255 }), { nil: undefined }),
        bmiAndHeight: fc.option(fc.tuple(fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0, max: 0xffff })), { nil: undefined }),
      })
      .map(({ units, rawWeight, bmiAndHeight, ...rest }) =>
        compact({
          units,
          weight: rawWeight === 0xffff ? ('measurement-unsuccessful' as const) : rawWeight / (units === 'si' ? 200 : 100),
          ...rest,
          bmi: bmiAndHeight && bmiAndHeight[0] / 10,
          height: bmiAndHeight && bmiAndHeight[1] / (units === 'si' ? 1000 : 10),
        }),
      );
    assertRoundTrip(weightMeasurementCodec, fields);
  });
});
