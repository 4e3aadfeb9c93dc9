import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { batteryLevelCodec, decodeBatteryLevel } from './battery-level.ts';
import { parseHex } from './hex.ts';
import { assertRoundTrip, expectDecodeError } from './testing/assertions.ts';

describe('Battery Level 0x2A19', () => {
  it('decodes a percentage and yields no readings', () => {
    expect(decodeBatteryLevel(parseHex('64'))).toEqual({ characteristic: 'battery_level', fields: { level: 100 }, readings: [] });
  });

  it('fails 101..255 (reserved), an empty value and extra bytes', () => {
    expectDecodeError(() => decodeBatteryLevel(parseHex('65')), 'INVALID_VALUE', 0);
    expectDecodeError(() => decodeBatteryLevel(new Uint8Array()), 'TRUNCATED', 0);
    expectDecodeError(() => decodeBatteryLevel(parseHex('32 00')), 'TRAILING_BYTES', 1);
  });

  it('round-trips', () => assertRoundTrip(batteryLevelCodec, fc.integer({ min: 0, max: 100 }).map((level) => ({ level }))));
});
