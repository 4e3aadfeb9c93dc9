import { describe, expect, it } from 'vitest';
import { childSpan, continueOrStartTrace, formatTraceparent, newTraceContext, parseTraceparent } from './trace-context.ts';

describe('W3C traceparent', () => {
  it('round-trips a new trace', () => {
    const t = newTraceContext();
    expect(formatTraceparent(t)).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(parseTraceparent(formatTraceparent(t))).toEqual(t);
  });

  it('parses the spec example and the sampled flag', () => {
    expect(parseTraceparent('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')).toEqual({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', sampled: true });
    expect(parseTraceparent('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00')?.sampled).toBe(false);
  });

  it('refuses malformed values and all-zero ids', () => {
    for (const bad of ['', 'x', '01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', '00-00000000000000000000000000000000-00f067aa0ba902b7-01', '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01', '00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01']) {
      expect(parseTraceparent(bad), bad).toBeNull();
    }
  });

  it('continues a valid trace with a new span, and starts a new one otherwise', () => {
    const parent = newTraceContext();
    const child = continueOrStartTrace(formatTraceparent(parent));
    expect(child.traceId).toBe(parent.traceId);
    expect(child.spanId).not.toBe(parent.spanId);
    expect(childSpan(parent).traceId).toBe(parent.traceId);
    expect(continueOrStartTrace('garbage').traceId).not.toBe(parent.traceId);
  });
});
