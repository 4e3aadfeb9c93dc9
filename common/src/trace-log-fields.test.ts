import { describe, expect, it } from 'vitest';
import { parseTraceparent, traceLogFields } from './trace-context.ts';

describe('traceLogFields', () => {
  it('names the ids as OpenTelemetry logs do', () => {
    const t = parseTraceparent('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00')!;
    expect(traceLogFields(t)).toEqual({ trace_id: '4bf92f3577b34da6a3ce929d0e0e4736', span_id: '00f067aa0ba902b7', trace_flags: '00' });
    expect(traceLogFields({ ...t, sampled: true }).trace_flags).toBe('01');
  });
});
