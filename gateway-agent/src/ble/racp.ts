import { GattDecodeError } from '../gatt/errors.ts';
import {
  decodeRecordAccessControlPoint,
  encodeRacpReportAllRecords,
  encodeRacpReportRecordsFrom,
  type RacpFields,
} from '../gatt/record-access-control-point.ts';

/**
 * The Record Access Control Point (0x2A52) requests and responses the transport needs to fetch
 * a glucose meter's new records (GLS v1.0.1 §3.109); the codec itself is the GATT module's.
 */

type ResponseFields = Extract<RacpFields, { opCode: 'response-code' }>;

/** A RACP "Response Code" indication: which request it answers and how. */
export type RacpResponse = Pick<ResponseFields, 'requestOpCode' | 'responseCode'>;

/**
 * The request for the records after `lastSequence`: "report all" the first time (`01 01`),
 * else "report records with sequence number ≥ last + 1" (`01 03 01 <uint16 LE>`). After 0xFFFF
 * there is no "next": all records are asked for and reading ids drop the repeats downstream.
 */
export function racpRequestAfter(lastSequence: number | undefined): Buffer {
  const bytes = lastSequence === undefined || lastSequence >= 0xffff ? encodeRacpReportAllRecords() : encodeRacpReportRecordsFrom(lastSequence + 1);
  return Buffer.from(bytes);
}

/** The response in a RACP indication; undefined for anything else, malformed frames included. */
export function parseRacpResponse(value: Buffer): RacpResponse | undefined {
  try {
    const { fields } = decodeRecordAccessControlPoint(value);
    return fields.opCode === 'response-code' ? { requestOpCode: fields.requestOpCode, responseCode: fields.responseCode } : undefined;
  } catch (err) {
    if (err instanceof GattDecodeError) return undefined;
    throw err;
  }
}

/** True when the response ends a report-records request without a fault ("no records" included). */
export function isTransferDone(r: RacpResponse): boolean {
  return r.requestOpCode === 'report-stored-records' && (r.responseCode === 'success' || r.responseCode === 'no-records-found');
}

/**
 * The sequence number of a Glucose Measurement (0x2A18): uint16 LE right after the flags byte.
 * Read directly rather than through the full decoder, so a record the decoder rejects still
 * counts as seen (it is passed on as a frame and dead-lettered downstream, not re-fetched forever).
 */
export function glucoseSequence(value: Buffer): number | undefined {
  return value.length >= 3 ? value.readUInt16LE(1) : undefined;
}
