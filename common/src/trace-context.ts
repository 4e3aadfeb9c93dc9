import { randomBytes } from 'node:crypto';

/**
 * W3C Trace Context `traceparent` values (https://www.w3.org/TR/trace-context/#traceparent-header):
 * `00-<32 hex trace id>-<16 hex parent span id>-<2 hex flags>`. One trace id follows a batch of
 * readings from the gateway (or the HTTP upload) through ingest to the alert it raises, so a log
 * search for the trace id shows every step. No OpenTelemetry SDK is needed to carry it; an
 * exporter can be added later and will understand the same ids.
 */
export interface TraceContext {
  traceId: string;
  spanId: string;
  sampled: boolean;
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const ALL_ZERO = /^0+$/;

/** A new trace with a random trace id and root span id (sampled). */
export function newTraceContext(): TraceContext {
  return { traceId: randomBytes(16).toString('hex'), spanId: randomBytes(8).toString('hex'), sampled: true };
}

/**
 * Parse a `traceparent` value; null when it is malformed or uses the all-zero ids the spec
 * forbids, so a caller starts a new trace instead of joining a broken one.
 */
export function parseTraceparent(value: string | undefined | null): TraceContext | null {
  const m = value ? TRACEPARENT.exec(value.trim().toLowerCase()) : null;
  if (!m || ALL_ZERO.test(m[1]!) || ALL_ZERO.test(m[2]!)) return null;
  return { traceId: m[1]!, spanId: m[2]!, sampled: (parseInt(m[3]!, 16) & 1) === 1 };
}

/** The same trace with a new span id: the step that continues it (ingest after the gateway). */
export function childSpan(parent: TraceContext): TraceContext {
  return { ...parent, spanId: randomBytes(8).toString('hex') };
}

/** Continue the trace in `value` when it is valid, else start a new one. */
export function continueOrStartTrace(value: string | undefined | null): TraceContext {
  const parent = parseTraceparent(value);
  return parent ? childSpan(parent) : newTraceContext();
}

export function formatTraceparent(t: TraceContext): string {
  return `00-${t.traceId}-${t.spanId}-${t.sampled ? '01' : '00'}`;
}

/**
 * The trace as log fields, named as OpenTelemetry's log data model and its pino instrumentation
 * name them (`trace_id`, `span_id`, `trace_flags`), so a log backend correlates them with spans
 * once an exporter exists. Ids are random, never derived from health data.
 */
export function traceLogFields(t: TraceContext): { trace_id: string; span_id: string; trace_flags: '01' | '00' } {
  return { trace_id: t.traceId, span_id: t.spanId, trace_flags: t.sampled ? '01' : '00' };
}
