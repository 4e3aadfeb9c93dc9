import { enumCode, enumName, type ReservedCode } from './bit-names.ts';
import { ByteReader } from './byte-reader.ts';
import { ByteWriter } from './byte-writer.ts';
import { ReadingCollector } from './readings.ts';
import { defineCodec, type DecodeResult } from './types.ts';

const NAME = 'record_access_control_point';

/** RACP Op Codes (GLS v1.0.1; GSS "Record Access Control Point"). */
export const RACP_OP_CODES = {
  1: 'report-stored-records',
  2: 'delete-stored-records',
  3: 'abort-operation',
  4: 'report-number-of-stored-records',
  5: 'number-of-stored-records-response',
  6: 'response-code',
} as const;
export type RacpOpCode = (typeof RACP_OP_CODES)[keyof typeof RACP_OP_CODES];

/** RACP Operators. */
export const RACP_OPERATORS = {
  0: 'null',
  1: 'all-records',
  2: 'less-than-or-equal-to',
  3: 'greater-than-or-equal-to',
  4: 'within-range-of',
  5: 'first-record',
  6: 'last-record',
} as const;
export type RacpOperator = (typeof RACP_OPERATORS)[keyof typeof RACP_OPERATORS];

/** RACP Response Code values (operand of Op Code 6). */
export const RACP_RESPONSE_CODES = {
  1: 'success',
  2: 'op-code-not-supported',
  3: 'invalid-operator',
  4: 'operator-not-supported',
  5: 'invalid-operand',
  6: 'no-records-found',
  7: 'abort-unsuccessful',
  8: 'procedure-not-completed',
  9: 'operand-not-supported',
} as const;
export type RacpResponseCode = (typeof RACP_RESPONSE_CODES)[keyof typeof RACP_RESPONSE_CODES];

/**
 * Filter Type 0x01, whose operand is a uint16: the Sequence Number in GLS, the Time Offset in
 * CGMS. The only filter type this codec handles; GLS's 0x02 (User Facing Time) is not used by
 * the gateway.
 */
export const RACP_FILTER_TYPE_SEQUENCE = 0x01;

/** A request that selects records (report, delete, report number of). */
export interface RacpRecordRequest {
  opCode: 'report-stored-records' | 'delete-stored-records' | 'report-number-of-stored-records';
  operator: Exclude<RacpOperator, 'null'>;
  /** With the ≤, ≥ and range operators: always {@link RACP_FILTER_TYPE_SEQUENCE}. */
  filterType?: number;
  /** Lower bound (≥ and range operators). */
  minimum?: number;
  /** Upper bound (≤ and range operators). */
  maximum?: number;
}

/** Decoded Record Access Control Point value: a request (client → server) or a response. */
export type RacpFields =
  | RacpRecordRequest
  | { opCode: 'abort-operation'; operator: 'null' }
  | { opCode: 'number-of-stored-records-response'; operator: 'null'; numberOfRecords: number }
  | { opCode: 'response-code'; operator: 'null'; requestOpCode: RacpOpCode | ReservedCode; responseCode: RacpResponseCode | ReservedCode };

function decodeRecordRequest(r: ByteReader, opCode: RacpRecordRequest['opCode'], operator: RacpRecordRequest['operator']): RacpRecordRequest {
  const request: RacpRecordRequest = { opCode, operator };
  if (operator === 'all-records' || operator === 'first-record' || operator === 'last-record') return request;
  const filterAt = r.offset;
  request.filterType = r.u8('filter type');
  if (request.filterType !== RACP_FILTER_TYPE_SEQUENCE) r.fail('INVALID_VALUE', `filter type ${request.filterType} not supported`, filterAt);
  if (operator !== 'less-than-or-equal-to') request.minimum = r.u16('minimum');
  if (operator !== 'greater-than-or-equal-to') request.maximum = r.u16('maximum');
  return request;
}

/**
 * Decodes a Record Access Control Point value (GLS v1.0.1, CGMS v1.0.2): the
 * gateway mostly decodes responses (number of records, response code); requests decode too, so
 * a simulated device can answer them.
 * @throws GattDecodeError for unknown op codes/operators/filter types, a non-Null operator where
 *   the spec requires Null, or a truncated/overlong operand
 */
export function decodeRecordAccessControlPoint(value: Uint8Array): DecodeResult<RacpFields> {
  const r = new ByteReader(value, NAME);
  const opCodeAt = r.offset;
  const opCode = enumName(RACP_OP_CODES, r.u8('op code'));
  const operatorAt = r.offset;
  const operator = enumName(RACP_OPERATORS, r.u8('operator'));
  if (opCode.startsWith('reserved')) r.fail('INVALID_VALUE', `op code ${opCode} not defined`, opCodeAt);
  if (operator.startsWith('reserved')) r.fail('INVALID_VALUE', `operator ${operator} not defined`, operatorAt);
  const needsNull = opCode === 'abort-operation' || opCode === 'number-of-stored-records-response' || opCode === 'response-code';
  if (needsNull !== (operator === 'null')) r.fail('INVALID_VALUE', `operator ${operator} not allowed with ${opCode}`, operatorAt);

  let fields: RacpFields;
  if (opCode === 'abort-operation') fields = { opCode, operator: 'null' };
  else if (opCode === 'number-of-stored-records-response') fields = { opCode, operator: 'null', numberOfRecords: r.u16('number of records') };
  else if (opCode === 'response-code') {
    fields = { opCode, operator: 'null', requestOpCode: enumName(RACP_OP_CODES, r.u8('request op code')), responseCode: enumName(RACP_RESPONSE_CODES, r.u8('response code value')) };
  } else fields = decodeRecordRequest(r, opCode as RacpRecordRequest['opCode'], operator as RacpRecordRequest['operator']);
  r.end();
  return new ReadingCollector().result(NAME, fields);
}

function encodeRecordRequestOperand(w: ByteWriter, f: RacpRecordRequest): void {
  const bounded = f.operator === 'less-than-or-equal-to' || f.operator === 'greater-than-or-equal-to' || f.operator === 'within-range-of';
  if (!bounded) {
    if (f.filterType !== undefined || f.minimum !== undefined || f.maximum !== undefined) throw new RangeError(`operator ${f.operator} takes no operand`);
    return;
  }
  if (f.filterType !== RACP_FILTER_TYPE_SEQUENCE) throw new RangeError(`filterType must be ${RACP_FILTER_TYPE_SEQUENCE}`);
  w.u8(f.filterType, 'filterType');
  if (f.operator !== 'less-than-or-equal-to') w.u16(f.minimum ?? Number.NaN, 'minimum');
  if (f.operator !== 'greater-than-or-equal-to') w.u16(f.maximum ?? Number.NaN, 'maximum');
}

/**
 * Encodes a Record Access Control Point value (inverse of {@link decodeRecordAccessControlPoint}).
 * @throws RangeError for an operand that does not match the operator
 */
export function encodeRecordAccessControlPoint(f: RacpFields): Uint8Array {
  const w = new ByteWriter().u8(enumCode(RACP_OP_CODES, f.opCode, 'opCode'), 'opCode').u8(enumCode(RACP_OPERATORS, f.operator, 'operator'), 'operator');
  if (f.opCode === 'number-of-stored-records-response') w.u16(f.numberOfRecords, 'numberOfRecords');
  else if (f.opCode === 'response-code') {
    w.u8(enumCode(RACP_OP_CODES, f.requestOpCode, 'requestOpCode'), 'requestOpCode').u8(enumCode(RACP_RESPONSE_CODES, f.responseCode, 'responseCode'), 'responseCode');
  } else if (f.opCode !== 'abort-operation') encodeRecordRequestOperand(w, f);
  return w.toBytes();
}

/** Request: report all stored records (`01 01`). */
export function encodeRacpReportAllRecords(): Uint8Array {
  return encodeRecordAccessControlPoint({ opCode: 'report-stored-records', operator: 'all-records' });
}

/**
 * Request: report the records whose sequence number (CGMS: time offset) is ≥ `minimum`
 * (`01 03 01 <uint16>`), the usual "everything since the last one I have" download.
 */
export function encodeRacpReportRecordsFrom(minimum: number): Uint8Array {
  return encodeRecordAccessControlPoint({ opCode: 'report-stored-records', operator: 'greater-than-or-equal-to', filterType: RACP_FILTER_TYPE_SEQUENCE, minimum });
}

/** Request: report the number of all stored records (`04 01`). */
export function encodeRacpReportNumberOfRecords(): Uint8Array {
  return encodeRecordAccessControlPoint({ opCode: 'report-number-of-stored-records', operator: 'all-records' });
}

/** Request: report the number of records with sequence number ≥ `minimum` (`04 03 01 <uint16>`). */
export function encodeRacpReportNumberOfRecordsFrom(minimum: number): Uint8Array {
  return encodeRecordAccessControlPoint({ opCode: 'report-number-of-stored-records', operator: 'greater-than-or-equal-to', filterType: RACP_FILTER_TYPE_SEQUENCE, minimum });
}

/** Request: abort the procedure in progress (`03 00`). */
export function encodeRacpAbort(): Uint8Array {
  return encodeRecordAccessControlPoint({ opCode: 'abort-operation', operator: 'null' });
}

/** Registry entry for 0x2A52. */
export const recordAccessControlPointCodec = defineCodec<RacpFields>('2A52', NAME, decodeRecordAccessControlPoint, encodeRecordAccessControlPoint);
