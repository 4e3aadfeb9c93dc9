import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { traceparentOf, validateBatch } from './validate-batch.ts';
import { readingId } from '../../../common/src/reading-id.ts';

const now = new Date('2026-06-01T12:00:00Z');
const limits = { now, maxFutureMs: 600_000 };

function reading(over: Record<string, unknown> = {}, value = 120) {
  return {
    id: readingId('GM-0001', '2A18', { sequence: Math.floor(value) }),
    deviceId: 'GM-0001',
    characteristic: '2A18',
    sequence: 1,
    measuredAt: '2026-06-01T11:00:00Z',
    values: [{ metric: 'glucose', value, unit: 'mg/dL' }],
    ...over,
  };
}
const batch = (readings: unknown[], gatewayId = 'gw-1') => Buffer.from(JSON.stringify({ v: 1, gatewayId, sentAt: now.toISOString(), readings }));

describe('validateBatch', () => {
  it('accepts a valid batch', () => {
    const v = validateBatch(batch([reading()]), 'gw-1', limits);
    expect(v.ok && v.accepted.length).toBe(1);
  });

  it('refuses malformed JSON, a bad envelope and another gateway’s batch', () => {
    expect(validateBatch(Buffer.from('{nope'), 'gw-1', limits)).toMatchObject({ ok: false, reason: 'malformed_json' });
    expect(validateBatch(Buffer.from('{"v":2}'), 'gw-1', limits)).toMatchObject({ ok: false, reason: 'schema_invalid' });
    expect(validateBatch(batch([reading()], 'gw-2'), 'gw-1', limits)).toMatchObject({ ok: false, reason: 'gateway_mismatch' });
    expect(validateBatch(batch([]), 'gw-1', limits)).toMatchObject({ ok: false, reason: 'schema_invalid' });
  });

  it('rejects single readings that are implausible, in the wrong unit, or in the future, keeping the rest', () => {
    const v = validateBatch(
      batch([
        reading(),
        reading({}, 5000),
        reading({ values: [{ metric: 'glucose', value: 6, unit: 'mmol/L' }] }),
        reading({ measuredAt: '2026-06-01T12:30:00Z' }),
        reading({ measuredAt: '1970-01-01T00:00:00Z' }),
      ]),
      'gw-1',
      limits,
    );
    expect(v.ok).toBe(true);
    if (!v.ok) return;
    expect(v.accepted).toHaveLength(1);
    expect(v.rejected.map((r) => r.reason)).toEqual(['implausible_value', 'wrong_unit', 'future_time', 'too_old']);
  });

  it('never throws on arbitrary bytes or JSON', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)), fc.json().map((j) => Buffer.from(j))), (buf) => {
        const v = validateBatch(buf, 'gw-1', limits);
        expect(typeof v.ok).toBe('boolean');
      }),
      { numRuns: 2000 },
    );
  });
});

describe('traceparent (optional, additive in v1)', () => {
  const TP = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
  const withTrace = (traceparent: unknown, gatewayId = 'gw-1') => Buffer.from(JSON.stringify({ v: 1, gatewayId, sentAt: now.toISOString(), readings: [reading()], traceparent }));

  it('accepts a batch with or without it, and keeps it on the batch', () => {
    const v = validateBatch(withTrace(TP), 'gw-1', limits);
    expect(v.ok && v.batch.traceparent).toBe(TP);
    expect(validateBatch(batch([reading()]), 'gw-1', limits).ok).toBe(true);
  });

  it('never refuses readings for a malformed traceparent string', () => {
    expect(validateBatch(withTrace('not-a-traceparent'), 'gw-1', limits).ok).toBe(true);
  });

  it('keeps it on a refused message, so the dead letter is logged under its trace', () => {
    expect(validateBatch(withTrace(TP, 'gw-2'), 'gw-1', limits)).toMatchObject({ ok: false, reason: 'gateway_mismatch', traceparent: TP });
  });

  it('reads only a string member', () => {
    expect(traceparentOf({ traceparent: TP })).toBe(TP);
    for (const j of [null, 'x', 1, [], { traceparent: 5 }, {}]) expect(traceparentOf(j)).toBeUndefined();
  });
});
