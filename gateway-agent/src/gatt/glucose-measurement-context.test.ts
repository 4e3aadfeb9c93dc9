import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CARBOHYDRATE_IDS,
  HEALTH,
  MEALS,
  MEDICATION_IDS,
  TESTERS,
  decodeGlucoseMeasurementContext,
  encodeGlucoseMeasurementContext,
  glucoseMeasurementContextCodec,
  joinGlucoseContexts,
  type GlucoseMeasurementContextFields,
} from './glucose-measurement-context.ts';
import { decodeGlucoseMeasurement } from './glucose-measurement.ts';
import { parseHex } from './hex.ts';
import { compact, enumArb, sfloatArb } from './testing/arbitraries.ts';
import { assertRoundTrip, expectDecodeError } from './testing/assertions.ts';

// Every group present (flags 0xFF), after the full-context frame of Nordic's Android BLE Common
// Library test suite, with its extended flags set to 0 (they are all reserved):
// FF flags | 00 00 seq 0 | 00 extended flags | 03 dinner | 64 00 SFLOAT 100 kg | 04 casual |
// 12 tester 2 (HCP, low nibble) + health 1 (minor issues, high nibble) | 3C 00 60 s | 32 50 % |
// 04 long-acting insulin | D2 F4 SFLOAT exp -1 mantissa 1234 = 123.4 L (bit 5 set) | 59 F1 SFLOAT 34.5 % HbA1c
const FULL = 'FF 00 00 00 03 64 00 04 12 3C 00 32 04 D2 F4 59 F1';

describe('Glucose Measurement Context 0x2A34', () => {
  it('decodes every group', () => {
    const result = decodeGlucoseMeasurementContext(parseHex(FULL));
    expect(result.fields).toEqual({
      sequenceNumber: 0,
      extendedFlags: 0,
      carbohydrateId: 'dinner',
      carbohydrateKg: { kind: 'number', value: 100 },
      meal: 'casual',
      tester: 'health-care-professional',
      health: 'minor-health-issues',
      exerciseDurationSeconds: 60,
      exerciseIntensityPercent: 50,
      medicationId: 'long-acting-insulin',
      medication: { kind: 'number', value: 123.4 },
      medicationUnit: 'L',
      hba1cPercent: { kind: 'number', value: 34.5 },
    });
    expect(result.readings).toEqual([]);
    expect(encodeGlucoseMeasurementContext(result.fields)).toEqual(parseHex(FULL));
  });

  it('decodes an empty context (flags 0)', () => {
    expect(decodeGlucoseMeasurementContext(parseHex('00 01 00')).fields).toEqual({ sequenceNumber: 1 });
  });

  it('fails set extended flag bits (reserved; that suite sends 0xB3 and ignores it)', () => {
    expectDecodeError(() => decodeGlucoseMeasurementContext(parseHex(FULL.replace('00 00 00 03', '00 00 B3 03'))), 'RESERVED_FLAGS', 3);
  });

  it('fails a frame that stops before the HbA1c (the truncated frame of that suite)', () => {
    expectDecodeError(() => decodeGlucoseMeasurementContext(parseHex('FF 00 00 00 03 64 00 04 12 3C 00 32 04 D2 F4')), 'TRUNCATED', 15);
  });

  it('joins contexts to measurements by sequence number', () => {
    const m1 = decodeGlucoseMeasurement(parseHex('12 01 00 E8 07 05 14 08 00 00 78 B0 11'));
    const m2 = decodeGlucoseMeasurement(parseHex('02 02 00 E8 07 05 14 09 00 00 78 B0 11'));
    const c1 = decodeGlucoseMeasurementContext(parseHex('02 01 00 01'));
    const c9 = decodeGlucoseMeasurementContext(parseHex('02 09 00 02'));
    const joined = joinGlucoseContexts([m1, m2], [c9, c1]);
    expect(joined.records).toEqual([{ measurement: m1, context: c1 }, { measurement: m2 }]);
    expect(joined.unmatchedContexts).toEqual([c9]);
  });

  it('round-trips any valid fields', () => {
    const optional = <T,>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
    const fields: fc.Arbitrary<GlucoseMeasurementContextFields> = fc
      .record({
        sequenceNumber: fc.integer({ min: 0, max: 0xffff }),
        extendedFlags: optional(fc.constant(0)),
        carbohydrate: optional(fc.record({ carbohydrateId: enumArb(CARBOHYDRATE_IDS, 8), carbohydrateKg: sfloatArb })),
        meal: optional(enumArb(MEALS, 8)),
        testerHealth: optional(fc.record({ tester: enumArb(TESTERS, 4), health: enumArb(HEALTH, 4) })),
        exercise: optional(fc.record({ exerciseDurationSeconds: fc.integer({ min: 0, max: 0xffff }), exerciseIntensityPercent: fc.integer({ min: 0, max: 255 }) })),
        medication: optional(fc.record({ medicationId: enumArb(MEDICATION_IDS, 8), medication: sfloatArb, medicationUnit: fc.constantFrom('kg' as const, 'L' as const) })),
        hba1cPercent: optional(sfloatArb),
      })
      .map(({ carbohydrate, testerHealth, exercise, medication, ...rest }) => compact({ ...rest, ...carbohydrate, ...testerHealth, ...exercise, ...medication }));
    assertRoundTrip(glucoseMeasurementContextCodec, fields);
  });
});
