import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseHex } from './hex.ts';
import { decodeIntermediateCuffPressure, intermediateCuffPressureCodec, type IntermediateCuffPressureFields } from './intermediate-cuff-pressure.ts';
import { compact, dateTimeArb, sfloatArb } from './testing/arbitraries.ts';
import { assertRoundTrip, expectDecodeError } from './testing/assertions.ts';

describe('Intermediate Cuff Pressure 0x2A36', () => {
  it('decodes the current cuff pressure and yields no readings', () => {
    // 04: mmHg, pulse rate present. 8C 00 = 140 mmHg cuff; FF 07 twice = NaN (unused, BLS); 3C 00 = 60 /min.
    const result = decodeIntermediateCuffPressure(parseHex('04 8C 00 FF 07 FF 07 3C 00'));
    expect(result.fields).toEqual({
      unit: 'mmHg',
      currentCuffPressure: { kind: 'number', value: 140 },
      unusedDiastolic: { kind: 'special', special: 'NaN' },
      unusedMeanArterialPressure: { kind: 'special', special: 'NaN' },
      pulseRate: { kind: 'number', value: 60 },
    });
    expect(result.readings).toEqual([]);
  });

  it('fails a truncated frame', () => {
    expectDecodeError(() => decodeIntermediateCuffPressure(parseHex('00 8C 00 FF 07 FF')), 'TRUNCATED', 5);
  });

  it('round-trips any valid fields', () => {
    const fields: fc.Arbitrary<IntermediateCuffPressureFields> = fc
      .record({
        unit: fc.constantFrom('mmHg' as const, 'kPa' as const),
        currentCuffPressure: sfloatArb,
        unusedDiastolic: sfloatArb,
        unusedMeanArterialPressure: sfloatArb,
        timeStamp: fc.option(dateTimeArb, { nil: undefined }),
        pulseRate: fc.option(sfloatArb, { nil: undefined }),
        userId: fc.option(fc.integer({ min: 0, max: 255 }), { nil: undefined }),
      })
      .map(compact);
    assertRoundTrip(intermediateCuffPressureCodec, fields);
  });
});
