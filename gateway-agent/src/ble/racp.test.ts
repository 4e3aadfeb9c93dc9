import { describe, expect, it } from 'vitest';
import { glucoseSequence, isTransferDone, parseRacpResponse, racpRequestAfter } from './racp.ts';

describe('RACP for glucose record transfer', () => {
  it('asks for all records the first time, then for sequence ≥ last + 1', () => {
    expect(racpRequestAfter(undefined)).toEqual(Buffer.from([0x01, 0x01]));
    expect(racpRequestAfter(5)).toEqual(Buffer.from([0x01, 0x03, 0x01, 0x06, 0x00]));
    expect(racpRequestAfter(0x1233)).toEqual(Buffer.from([0x01, 0x03, 0x01, 0x34, 0x12]));
  });

  it('asks for all records again once the sequence number is at its end', () => {
    expect(racpRequestAfter(0xffff)).toEqual(Buffer.from([0x01, 0x01]));
  });

  it('reads response codes and ignores other RACP frames', () => {
    expect(parseRacpResponse(Buffer.from([0x06, 0x00, 0x01, 0x01]))).toEqual({ requestOpCode: 'report-stored-records', responseCode: 'success' });
    expect(parseRacpResponse(Buffer.from([0x06, 0x00, 0x01, 0x06]))).toEqual({ requestOpCode: 'report-stored-records', responseCode: 'no-records-found' });
    expect(parseRacpResponse(Buffer.from([0x05, 0x00, 0x07, 0x00]))).toBeUndefined(); // number of records
    expect(parseRacpResponse(Buffer.from([0x06]))).toBeUndefined(); // truncated
  });

  it('counts success and "no records found" for a report request as done', () => {
    const done = (bytes: number[]): boolean => isTransferDone(parseRacpResponse(Buffer.from(bytes))!);
    expect(done([0x06, 0x00, 0x01, 0x01])).toBe(true);
    expect(done([0x06, 0x00, 0x01, 0x06])).toBe(true);
    expect(done([0x06, 0x00, 0x01, 0x08])).toBe(false); // procedure not completed
    expect(done([0x06, 0x00, 0x02, 0x01])).toBe(false); // answers a delete
  });

  it('reads the glucose sequence number after the flags byte', () => {
    expect(glucoseSequence(Buffer.from([0x0b, 0x2a, 0x01, 0xea, 0x07]))).toBe(0x012a);
    expect(glucoseSequence(Buffer.from([0x02, 0x01]))).toBeUndefined();
  });
});
