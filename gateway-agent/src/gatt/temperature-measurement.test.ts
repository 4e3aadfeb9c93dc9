import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseHex } from './hex.ts';
import { decodeTemperatureMeasurement, temperatureMeasurementCodec, TEMPERATURE_TYPES, type TemperatureMeasurementFields } from './temperature-measurement.ts';
import { compact, dateTimeArb, enumArb, floatArb } from './testing/arbitraries.ts';
import { assertRoundTrip, expectDecodeError } from './testing/assertions.ts';

describe('Temperature Measurement 0x2A1C', () => {
  it('decodes Celsius with time stamp and type', () => {
    // 06 time stamp + type | 6C 01 00 FF FLOAT exp -1 mantissa 364 = 36.4 °C | 2024-05-20 08:00:00 | 02 body (general)
    const result = decodeTemperatureMeasurement(parseHex('06 6C 01 00 FF E8 07 05 14 08 00 00 02'));
    expect(result.fields).toEqual({ unit: 'celsius', temperature: { kind: 'number', value: 36.4 }, timeStamp: '2024-05-20T08:00:00', temperatureType: 'body' });
    expect(result.readings).toEqual([{ metric: 'body_temperature', value: 36.4, unit: 'Cel', deviceTime: '2024-05-20T08:00:00' }]);
  });

  it('converts Fahrenheit to Cel and keeps [degF]', () => {
    // 05 Fahrenheit + type | 7E 26 00 FE = 9854e-2 = 98.54 °F → (98.54 − 32) × 5/9 = 36.9666666667 °C | 06 mouth
    const result = decodeTemperatureMeasurement(parseHex('05 7E 26 00 FE 06'));
    expect(result.readings).toEqual([{ metric: 'body_temperature', value: 36.9666666667, unit: 'Cel', originalValue: 98.54, originalUnit: '[degF]' }]);
    expect(result.fields.temperatureType).toBe('mouth');
  });

  it.each([
    ['FF FF 7F 00', 'NaN'],
    ['00 00 80 00', 'NRes'],
    ['FE FF 7F 00', '+INF'],
    ['02 00 80 00', '-INF'],
    ['01 00 80 00', 'reserved'],
  ])('makes no reading from the FLOAT special %s (%s)', (float, special) => {
    const result = decodeTemperatureMeasurement(parseHex(`00 ${float}`));
    expect(result.fields.temperature).toEqual({ kind: 'special', special });
    expect(result.readings).toEqual([]);
    expect(result.flags).toEqual([`special:temperature:${special}`]);
  });

  it('fails truncation and reserved flags', () => {
    expectDecodeError(() => decodeTemperatureMeasurement(parseHex('00 6C 01 00')), 'TRUNCATED', 1);
    expectDecodeError(() => decodeTemperatureMeasurement(parseHex('08 6C 01 00 FF')), 'RESERVED_FLAGS', 0);
  });

  it('round-trips any valid fields', () => {
    const fields: fc.Arbitrary<TemperatureMeasurementFields> = fc
      .record({
        unit: fc.constantFrom('celsius' as const, 'fahrenheit' as const),
        temperature: floatArb,
        timeStamp: fc.option(dateTimeArb, { nil: undefined }),
        temperatureType: fc.option(enumArb(TEMPERATURE_TYPES, 8), { nil: undefined }),
      })
      .map(compact);
    assertRoundTrip(temperatureMeasurementCodec, fields);
  });
});
