import { describe, expect, it } from 'vitest';
import { formatTraceparent, newTraceContext } from '../../../common/src/trace-context.ts';
import type { WireReading } from '../../../common/src/wire/readings.ts';
import { patientTraces, traceOfVerdict, type TracedSubmission } from './batch-trace.ts';
import type { BatchVerdict } from './validate-batch.ts';

const reading = (id: string) => ({ id }) as WireReading;
const okVerdict = (ids: string[], traceparent?: string): BatchVerdict => ({ ok: true, batch: { v: 1, gatewayId: 'gw', sentAt: '2026-01-01T00:00:00Z', readings: ids.map(reading), traceparent }, accepted: ids.map(reading), rejected: [] });
const sub = (verdict: BatchVerdict): TracedSubmission => ({ gatewayId: 'gw', topic: 't', payload: Buffer.alloc(0), receivedAt: new Date(0), verdict, trace: newTraceContext() });

describe('traceOfVerdict', () => {
  it('continues the batch’s trace with a new span', () => {
    const parent = newTraceContext();
    const t = traceOfVerdict(okVerdict(['a'], formatTraceparent(parent)));
    expect(t.traceId).toBe(parent.traceId);
    expect(t.spanId).not.toBe(parent.spanId);
  });

  it('continues the trace of a refused message that had one, and starts one otherwise', () => {
    const parent = newTraceContext();
    expect(traceOfVerdict({ ok: false, reason: 'gateway_mismatch', detail: 'x', traceparent: formatTraceparent(parent) }).traceId).toBe(parent.traceId);
    const fresh = traceOfVerdict({ ok: false, reason: 'malformed_json', detail: 'x' });
    expect(fresh.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(traceOfVerdict(okVerdict(['a'], 'garbage')).traceId).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('patientTraces', () => {
  it('gives each patient the traces of the messages that brought their readings, first message first', () => {
    const subs = [sub(okVerdict(['a1', 'b1'])), sub({ ok: false, reason: 'malformed_json', detail: 'x' }), sub(okVerdict(['a2']))];
    const traces = patientTraces(subs, [
      { patientId: 'B', readingIds: ['b1'] },
      { patientId: 'A', readingIds: ['a2', 'a1'] },
    ]);
    expect(traces.get('A')).toEqual([subs[0]!.trace, subs[2]!.trace]);
    expect(traces.get('B')).toEqual([subs[0]!.trace]);
  });

  it('gives a reading resent in two messages of one group to the first', () => {
    const subs = [sub(okVerdict(['a1'])), sub(okVerdict(['a1']))];
    expect(patientTraces(subs, [{ patientId: 'A', readingIds: ['a1'] }]).get('A')).toEqual([subs[0]!.trace]);
  });
});
