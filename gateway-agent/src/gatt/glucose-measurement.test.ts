import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GLUCOSE_SAMPLE_LOCATIONS, GLUCOSE_SENSOR_STATUS, GLUCOSE_TYPES } from './glucose-enums.ts';
import { decodeGlucoseMeasurement, encodeGlucoseMeasurement, glucoseMeasurementCodec, type GlucoseMeasurementFields } from './glucose-measurement.ts';
import { parseHex } from './hex.ts';
import { bitsArb, compact, dateTimeArb, enumArb, sfloatArb } from './testing/arbitraries.ts';
import { assertRoundTrip, expectDecodeError } from './testing/assertions.ts';

describe('Glucose Measurement 0x2A18', () => {
  it('decodes the public example frame of Nordic’s Android BLE Common Library test suite', () => {
    // 1B          flags: time offset, concentration+type+location, kg/L, sensor status, context follows
    // 01 00       sequence number 1
    // E3 07 02 1B 0B 0A 1E   base time 2019-02-27 11:10:30
    // FB FF       time offset -5 min → device time 11:05:30
    // 1E 00       SFLOAT exponent 0, mantissa 30 → 30 kg/L (×100 000 = 3 000 000 mg/dL; the frame tests parsing, not physiology)
    // 12          type 2 (capillary plasma, low nibble), location 1 (finger, high nibble)
    // 05 01       0x0105: bits 0, 2, 8 = battery low, sample size insufficient, temperature too low
    //             (that suite's comment calls bit 2 "device fault"; GLS makes it sample size)
    const result = decodeGlucoseMeasurement(parseHex('1B 01 00 E3 07 02 1B 0B 0A 1E FB FF 1E 00 12 05 01'));
    expect(result.fields).toEqual({
      sequenceNumber: 1,
      baseTime: '2019-02-27T11:10:30',
      timeOffsetMinutes: -5,
      concentration: { kind: 'number', value: 30 },
      concentrationUnit: 'kg/L',
      type: 'capillary-plasma',
      sampleLocation: 'finger',
      sensorStatus: ['device-battery-low', 'sample-size-insufficient', 'sensor-temperature-too-low'],
      contextInformationFollows: true,
    });
    expect(result.readings).toEqual([
      { metric: 'glucose', value: 3_000_000, unit: 'mg/dL', originalValue: 30, originalUnit: 'kg/L', deviceTime: '2019-02-27T11:05:30', sequence: 1 },
    ]);
  });

  it('converts kg/L to mg/dL (×100 000)', () => {
    // 02: concentration present, kg/L. 78 B0 = exponent -5, mantissa 120 → 0.00120 kg/L = 120 mg/dL. 11 = capillary whole blood, finger.
    const result = decodeGlucoseMeasurement(parseHex('02 2A 00 E8 07 05 14 08 00 00 78 B0 11'));
    expect(result.readings).toEqual([
      { metric: 'glucose', value: 120, unit: 'mg/dL', originalValue: 0.0012, originalUnit: 'kg/L', deviceTime: '2024-05-20T08:00:00', sequence: 42 },
    ]);
    expect(result.fields.timeOffsetMinutes).toBeUndefined();
  });

  it('converts mol/L to mmol/L and mg/dL (×18.016)', () => {
    // 06: concentration present, mol/L. 43 C0 = exponent -4, mantissa 67 → 0.0067 mol/L = 6.7 mmol/L = 120.7072 mg/dL.
    const result = decodeGlucoseMeasurement(parseHex('06 07 00 E8 07 05 14 08 00 00 43 C0 11'));
    expect(result.readings[0]).toMatchObject({ value: 120.7072, originalValue: 6.7, originalUnit: 'mmol/L' });
  });

  it('keeps a special concentration in fields and makes no reading', () => {
    const result = decodeGlucoseMeasurement(parseHex('02 01 00 E8 07 05 14 08 00 00 FF 07 11'));
    expect(result.fields.concentration).toEqual({ kind: 'special', special: 'NaN' });
    expect(result.readings).toEqual([]);
    expect(result.flags).toEqual(['special:concentration:NaN']);
  });

  it('makes no reading from a control-solution test', () => {
    const result = decodeGlucoseMeasurement(parseHex('02 01 00 E8 07 05 14 08 00 00 78 B0 4A'));
    expect(result.fields).toMatchObject({ type: 'control-solution', sampleLocation: 'control-solution' });
    expect(result.readings).toEqual([]);
    expect(result.flags).toEqual(['glucose:control-solution']);
  });

  it('gives no device time when the base time is unknown', () => {
    const result = decodeGlucoseMeasurement(parseHex('02 01 00 00 00 00 00 08 00 00 78 B0 11'));
    expect(result.readings[0]?.deviceTime).toBeUndefined();
  });

  it('fails a frame cut inside the time offset (TRUNCATED at its offset)', () => {
    expectDecodeError(() => decodeGlucoseMeasurement(parseHex('1B 00 00 E2 07 04 1A 0B 09 1E 1E')), 'TRUNCATED', 10);
  });

  it('fails reserved flags, an impossible date and trailing bytes', () => {
    expectDecodeError(() => decodeGlucoseMeasurement(parseHex('20 01 00 E8 07 05 14 08 00 00')), 'RESERVED_FLAGS', 0);
    expectDecodeError(() => decodeGlucoseMeasurement(parseHex('00 01 00 E8 07 02 1E 08 00 00')), 'INVALID_VALUE', 3);
    expectDecodeError(() => decodeGlucoseMeasurement(parseHex('00 01 00 E8 07 05 14 08 00 00 00')), 'TRAILING_BYTES', 10);
    expectDecodeError(() => decodeGlucoseMeasurement(new Uint8Array()), 'TRUNCATED', 0);
  });

  it('encodes the example frame back to the same bytes', () => {
    const bytes = parseHex('1B 01 00 E3 07 02 1B 0B 0A 1E FB FF 1E 00 12 05 01');
    expect(encodeGlucoseMeasurement(decodeGlucoseMeasurement(bytes).fields)).toEqual(bytes);
  });

  it('refuses a concentration without type and location', () => {
    expect(() => encodeGlucoseMeasurement({ sequenceNumber: 1, baseTime: '2024-01-01T00:00:00', contextInformationFollows: false, concentration: { kind: 'number', value: 1 } })).toThrow(RangeError);
  });

  it('round-trips any valid fields', () => {
    const concentration = fc.record({
      concentration: sfloatArb,
      concentrationUnit: fc.constantFrom('kg/L' as const, 'mol/L' as const),
      type: enumArb(GLUCOSE_TYPES, 4),
      sampleLocation: enumArb(GLUCOSE_SAMPLE_LOCATIONS, 4),
    });
    const fields: fc.Arbitrary<GlucoseMeasurementFields> = fc
      .record({
        sequenceNumber: fc.integer({ min: 0, max: 0xffff }),
        baseTime: dateTimeArb,
        timeOffsetMinutes: fc.option(fc.integer({ min: -0x8000, max: 0x7fff }), { nil: undefined }),
        sensorStatus: fc.option(bitsArb(GLUCOSE_SENSOR_STATUS, 16), { nil: undefined }),
        contextInformationFollows: fc.boolean(),
        concentration: fc.option(concentration, { nil: undefined }),
      })
      .map(({ concentration: c, ...rest }) => compact({ ...rest, ...c }));
    assertRoundTrip(glucoseMeasurementCodec, fields);
  });
});
