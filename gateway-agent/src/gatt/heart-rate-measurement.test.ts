import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeHeartRateMeasurement, encodeHeartRateMeasurement, heartRateMeasurementCodec, type HeartRateMeasurementFields } from './heart-rate-measurement.ts';
import { parseHex } from './hex.ts';
import { compact } from './testing/arbitraries.ts';
import { assertRoundTrip, expectDecodeError } from './testing/assertions.ts';

// Example frames of the Heart Rate Measurement tests in Nordic's Android BLE Common Library.
describe('Heart Rate Measurement 0x2A37', () => {
  it('decodes the simplest frame: 00 55 → 85 /min, contact not supported', () => {
    expect(decodeHeartRateMeasurement(parseHex('00 55'))).toEqual({
      characteristic: 'heart_rate_measurement',
      fields: { heartRate: 85, sensorContact: 'not-supported' },
      readings: [{ metric: 'heart_rate', value: 85, unit: '/min' }],
    });
  });

  it('decodes 04 FF: contact supported but not detected, 255 /min', () => {
    expect(decodeHeartRateMeasurement(parseHex('04 FF')).fields).toEqual({ heartRate: 255, sensorContact: 'not-detected' });
  });

  it('decodes 1E 55 32 00 21 00: contact, 50 kJ, one RR-interval of 33/1024 s', () => {
    expect(decodeHeartRateMeasurement(parseHex('1E 55 32 00 21 00')).fields).toEqual({
      heartRate: 85,
      sensorContact: 'detected',
      energyExpendedKj: 50,
      rrIntervalsMs: [32.2265625],
    });
  });

  it('decodes 1F 01 01 32 01 01 00 02 01 FF FF: uint16 rate 257, 306 kJ, RR 1, 258, 65535', () => {
    const result = decodeHeartRateMeasurement(parseHex('1F 01 01 32 01 01 00 02 01 FF FF'));
    expect(result.fields).toEqual({ heartRate: 257, sensorContact: 'detected', energyExpendedKj: 306, rrIntervalsMs: [0.9765625, 251.953125, 63999.0234375] });
    expect(encodeHeartRateMeasurement(result.fields)).toEqual(parseHex('1F 01 01 32 01 01 00 02 01 FF FF'));
  });

  it('fails 17 01 01 (RR-intervals announced, none sent) and an odd RR byte', () => {
    expectDecodeError(() => decodeHeartRateMeasurement(parseHex('17 01 01')), 'INVALID_LENGTH', 3);
    expectDecodeError(() => decodeHeartRateMeasurement(parseHex('10 55 21 00 22')), 'INVALID_LENGTH', 2);
    expectDecodeError(() => decodeHeartRateMeasurement(parseHex('01 55')), 'TRUNCATED', 1);
    expectDecodeError(() => decodeHeartRateMeasurement(parseHex('20 55')), 'RESERVED_FLAGS', 0);
  });

  it('round-trips any valid fields', () => {
    const fields: fc.Arbitrary<HeartRateMeasurementFields> = fc
      .record({
        heartRate: fc.integer({ min: 0, max: 0xffff }),
        sensorContact: fc.constantFrom('not-supported' as const, 'not-detected' as const, 'detected' as const),
        energyExpendedKj: fc.option(fc.integer({ min: 0, max: 0xffff }), { nil: undefined }),
        rrIntervalsMs: fc.option(fc.array(fc.integer({ min: 0, max: 0xffff }).map((raw) => (raw * 1000) / 1024), { minLength: 1, maxLength: 9 }), { nil: undefined }),
      })
      .map(compact);
    assertRoundTrip(heartRateMeasurementCodec, fields);
  });
});
