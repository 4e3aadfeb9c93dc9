import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { annunciationOctetNames, CGM_ANNUNCIATION_BITS, CGM_OCTET } from './cgm-annunciation.ts';
import { cgmMeasurementCodec, decodeCgmMeasurement, type CgmRecordFields } from './cgm-measurement.ts';
import { parseHex } from './hex.ts';
import { compact, sfloatArb } from './testing/arbitraries.ts';
import { assertRoundTrip, expectDecodeError } from './testing/assertions.ts';

// A full record with E2E-CRC, byte for byte the "full" frame of Nordic's Android BLE Common
// Library test suite (whose CRC value confirms both the CRC algorithm and the octet order):
// 0F size 15 | E3 flags: trend, quality, warning, cal/temp and status octets present |
// D2 E4 SFLOAT exp -2 mantissa 1234 = 12.34 mg/dL | 05 00 time offset 5 min |
// 02 status octet: device battery low | 14 cal/temp octet: calibration recommended + temperature too high |
// FF warning octet: all eight warnings | 02 F0 trend 0.2 (mg/dL)/min | E5 F3 quality 99.7 % |
// 8E 3F E2E-CRC 0x3F8E over the 13 bytes before it
const FULL_RECORD = '0F E3 D2 E4 05 00 02 14 FF 02 F0 E5 F3 8E 3F';

describe('CGM Measurement 0x2AA7', () => {
  it('decodes a full record, its annunciation octets in the order Status, Cal/Temp, Warning', () => {
    const result = decodeCgmMeasurement(parseHex(FULL_RECORD), { cgmE2eCrc: true, cgmSessionStartTime: '2024-05-20T08:00:00' });
    expect(result.fields.records).toEqual([
      {
        glucoseConcentration: { kind: 'number', value: 12.34 },
        timeOffsetMinutes: 5,
        statusOctet: ['device-battery-low'],
        calTempOctet: ['calibration-recommended', 'sensor-temperature-too-high'],
        warningOctet: CGM_ANNUNCIATION_BITS.slice(16), // all eight warnings
        trend: { kind: 'number', value: 0.2 },
        quality: { kind: 'number', value: 99.7 },
        e2eCrc: true,
      },
    ]);
    // measurement time = session start + time offset minutes (CGMS v1.0.2)
    expect(result.readings).toEqual([{ metric: 'glucose', value: 12.34, unit: 'mg/dL', deviceTime: '2024-05-20T08:05:00' }]);
    expect(cgmMeasurementCodec.encode(result.fields)).toEqual(parseHex(FULL_RECORD));
  });

  it('decodes several records in one notification, each with its own size byte', () => {
    // 06 00 0C 10 05 00: size 6, no flags, SFLOAT exp 1 mantissa 12 = 120 mg/dL, offset 5; then the same at offset 6.
    const result = decodeCgmMeasurement(parseHex('06 00 0C 10 05 00 06 00 0C 10 06 00'), { cgmSessionStartTime: '2024-05-20T23:58:00' });
    expect(result.readings).toEqual([
      { metric: 'glucose', value: 120, unit: 'mg/dL', deviceTime: '2024-05-21T00:03:00' },
      { metric: 'glucose', value: 120, unit: 'mg/dL', deviceTime: '2024-05-21T00:04:00' },
    ]);
    expect(result.fields.records.map((r) => r.e2eCrc)).toEqual([false, false]);
  });

  it('flags an unknown session start and gives no device time', () => {
    const result = decodeCgmMeasurement(parseHex('06 00 0C 10 05 00'));
    expect(result.readings).toEqual([{ metric: 'glucose', value: 120, unit: 'mg/dL' }]);
    expect(result.flags).toEqual(['cgm:session-start-unknown']);
  });

  it('fails a wrong E2E-CRC (CRC_MISMATCH at the CRC)', () => {
    // 08 00 0C 10 06 00 + CRC 0x6F58; the right CRC of those six bytes is 0x6F59.
    expectDecodeError(() => decodeCgmMeasurement(parseHex('08 00 0C 10 06 00 58 6F')), 'CRC_MISMATCH', 6);
    expect(decodeCgmMeasurement(parseHex('08 00 0C 10 06 00 59 6F')).fields.records[0]?.e2eCrc).toBe(true);
  });

  it('holds the CRC to what the CGM Feature says', () => {
    expectDecodeError(() => decodeCgmMeasurement(parseHex('06 00 0C 10 05 00'), { cgmE2eCrc: true }), 'CRC_MISSING', 6);
    expectDecodeError(() => decodeCgmMeasurement(parseHex('08 00 0C 10 06 00 59 6F'), { cgmE2eCrc: false }), 'CRC_UNEXPECTED', 6);
  });

  it('fails bad sizes, reserved flags and a cut second record', () => {
    expectDecodeError(() => decodeCgmMeasurement(parseHex('05 00 0C 10 05')), 'INVALID_LENGTH', 0);
    expectDecodeError(() => decodeCgmMeasurement(parseHex('09 00 0C 10 05 00')), 'TRUNCATED', 0);
    expectDecodeError(() => decodeCgmMeasurement(parseHex('07 00 0C 10 05 00 00')), 'TRUNCATED', 6);
    expectDecodeError(() => decodeCgmMeasurement(parseHex('06 04 0C 10 05 00')), 'RESERVED_FLAGS', 1);
    expectDecodeError(() => decodeCgmMeasurement(parseHex('06 00 0C 10 05 00 06 00 0C')), 'TRUNCATED', 6);
    expectDecodeError(() => decodeCgmMeasurement(new Uint8Array()), 'TRUNCATED', 0);
  });

  it('keeps a special concentration (e.g. during warm-up) out of the readings', () => {
    const result = decodeCgmMeasurement(parseHex('06 00 FF 07 05 00'), { cgmSessionStartTime: '2024-05-20T08:00:00' });
    expect(result.readings).toEqual([]);
    expect(result.flags).toEqual(['special:glucoseConcentration:NaN']);
  });

  it('round-trips any valid records', () => {
    const octet = (index: number) => fc.option(fc.integer({ min: 0, max: 255 }).map((v) => annunciationOctetNames(index, v)), { nil: undefined });
    const record: fc.Arbitrary<CgmRecordFields> = fc
      .record({
        glucoseConcentration: sfloatArb,
        timeOffsetMinutes: fc.integer({ min: 0, max: 0xffff }),
        statusOctet: octet(CGM_OCTET.status),
        calTempOctet: octet(CGM_OCTET.calTemp),
        warningOctet: octet(CGM_OCTET.warning),
        trend: fc.option(sfloatArb, { nil: undefined }),
        quality: fc.option(sfloatArb, { nil: undefined }),
        e2eCrc: fc.boolean(),
      })
      .map(compact);
    assertRoundTrip(cgmMeasurementCodec, fc.array(record, { minLength: 1, maxLength: 4 }).map((records) => ({ records })));
  });
});
