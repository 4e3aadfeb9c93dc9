import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseHex, toHex } from './hex.ts';
import {
  RACP_OP_CODES,
  RACP_RESPONSE_CODES,
  decodeRecordAccessControlPoint,
  encodeRacpAbort,
  encodeRacpReportAllRecords,
  encodeRacpReportNumberOfRecords,
  encodeRacpReportNumberOfRecordsFrom,
  encodeRacpReportRecordsFrom,
  recordAccessControlPointCodec,
  type RacpFields,
} from './record-access-control-point.ts';
import { compact, enumArb } from './testing/arbitraries.ts';
import { assertRoundTrip, expectDecodeError } from './testing/assertions.ts';

describe('Record Access Control Point 0x2A52', () => {
  it.each([
    // [bytes, encoder, meaning] — op code, operator, then operand (GLS v1.0.1, Tables 3.x)
    ['01 01', encodeRacpReportAllRecords, 'report stored records / all records'],
    ['01 03 01 0A 00', () => encodeRacpReportRecordsFrom(10), 'report stored records / ≥ / filter 0x01 / sequence 10'],
    ['04 01', encodeRacpReportNumberOfRecords, 'report number of stored records / all'],
    ['04 03 01 34 12', () => encodeRacpReportNumberOfRecordsFrom(0x1234), 'report number / ≥ / filter 0x01 / 0x1234'],
    ['03 00', encodeRacpAbort, 'abort operation / null'],
  ])('encodes %s (%s)', (hex, encode) => {
    expect(toHex(encode())).toBe(hex);
  });

  it('decodes a number-of-stored-records response (05 00 + uint16)', () => {
    expect(decodeRecordAccessControlPoint(parseHex('05 00 2C 01')).fields).toEqual({ opCode: 'number-of-stored-records-response', operator: 'null', numberOfRecords: 300 });
  });

  it.each(Object.entries(RACP_RESPONSE_CODES))('decodes response code value %s as %s', (code, name) => {
    expect(decodeRecordAccessControlPoint(Uint8Array.from([0x06, 0x00, 0x01, Number(code)])).fields).toEqual({
      opCode: 'response-code',
      operator: 'null',
      requestOpCode: 'report-stored-records',
      responseCode: name,
    });
  });

  it('decodes the requests it encodes', () => {
    expect(decodeRecordAccessControlPoint(encodeRacpReportRecordsFrom(10)).fields).toEqual({
      opCode: 'report-stored-records',
      operator: 'greater-than-or-equal-to',
      filterType: 1,
      minimum: 10,
    });
    expect(decodeRecordAccessControlPoint(parseHex('02 04 01 01 00 09 00')).fields).toEqual({
      opCode: 'delete-stored-records',
      operator: 'within-range-of',
      filterType: 1,
      minimum: 1,
      maximum: 9,
    });
  });

  it('fails undefined op codes, operators and filter types, and misplaced operators', () => {
    expectDecodeError(() => decodeRecordAccessControlPoint(parseHex('07 00')), 'INVALID_VALUE', 0);
    expectDecodeError(() => decodeRecordAccessControlPoint(parseHex('01 07')), 'INVALID_VALUE', 1);
    expectDecodeError(() => decodeRecordAccessControlPoint(parseHex('01 03 02 00 00 00 00 00 00 00')), 'INVALID_VALUE', 2);
    expectDecodeError(() => decodeRecordAccessControlPoint(parseHex('06 01 01 01')), 'INVALID_VALUE', 1);
    expectDecodeError(() => decodeRecordAccessControlPoint(parseHex('01 00')), 'INVALID_VALUE', 1);
  });

  it('fails truncated and overlong operands', () => {
    expectDecodeError(() => decodeRecordAccessControlPoint(parseHex('05 00 01')), 'TRUNCATED', 2);
    expectDecodeError(() => decodeRecordAccessControlPoint(parseHex('01 01 00')), 'TRAILING_BYTES', 2);
    expectDecodeError(() => decodeRecordAccessControlPoint(parseHex('01')), 'TRUNCATED', 1);
  });

  it('refuses to encode an operand the operator does not take', () => {
    expect(() => recordAccessControlPointCodec.encode({ opCode: 'report-stored-records', operator: 'all-records', minimum: 3 })).toThrow(RangeError);
    expect(() => recordAccessControlPointCodec.encode({ opCode: 'report-stored-records', operator: 'within-range-of', filterType: 1, minimum: 3 })).toThrow(RangeError);
  });

  it('round-trips any valid fields', () => {
    const u16 = fc.integer({ min: 0, max: 0xffff });
    const recordOpCode = fc.constantFrom('report-stored-records' as const, 'delete-stored-records' as const, 'report-number-of-stored-records' as const);
    const fields: fc.Arbitrary<RacpFields> = fc.oneof(
      fc.record({ opCode: recordOpCode, operator: fc.constantFrom('all-records' as const, 'first-record' as const, 'last-record' as const) }),
      fc.record({ opCode: recordOpCode, operator: fc.constant('less-than-or-equal-to' as const), filterType: fc.constant(1), maximum: u16 }),
      fc.record({ opCode: recordOpCode, operator: fc.constant('greater-than-or-equal-to' as const), filterType: fc.constant(1), minimum: u16 }),
      fc.record({ opCode: recordOpCode, operator: fc.constant('within-range-of' as const), filterType: fc.constant(1), minimum: u16, maximum: u16 }),
      fc.constant({ opCode: 'abort-operation' as const, operator: 'null' as const }),
      fc.record({ opCode: fc.constant('number-of-stored-records-response' as const), operator: fc.constant('null' as const), numberOfRecords: u16 }),
      fc.record({
        opCode: fc.constant('response-code' as const),
        operator: fc.constant('null' as const),
        requestOpCode: enumArb(RACP_OP_CODES, 8),
        responseCode: enumArb(RACP_RESPONSE_CODES, 8),
      }),
    );
    assertRoundTrip(recordAccessControlPointCodec, fields.map(compact));
  });
});
