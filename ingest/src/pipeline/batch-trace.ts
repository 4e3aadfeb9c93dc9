import { continueOrStartTrace, type TraceContext } from '../../../common/src/trace-context.ts';
import type { PatientTouch, Submission } from './reading-store.ts';
import type { BatchVerdict } from './validate-batch.ts';

/** A received message with the trace ingest continues for it (docs/api-operations.md#tracing). */
export interface TracedSubmission extends Submission {
  trace: TraceContext;
}

/**
 * The trace of one message: the gateway's `traceparent` continued with a new span, or a new trace
 * when it sent none or a malformed one (tracing never costs a reading).
 */
export function traceOfVerdict(verdict: BatchVerdict): TraceContext {
  return continueOrStartTrace(verdict.ok ? verdict.batch.traceparent : verdict.traceparent);
}

/**
 * For each patient of a committed group, the traces of the messages that brought their readings,
 * in message order. A group joins several messages, so one alert job may have several causes: the
 * job carries the first trace and the others are logged beside it as links.
 */
export function patientTraces(subs: readonly TracedSubmission[], patients: readonly Pick<PatientTouch, 'patientId' | 'readingIds'>[]): Map<string, TraceContext[]> {
  const bySub = new Map<string, number>();
  subs.forEach((s, i) => {
    if (s.verdict.ok) for (const r of s.verdict.accepted) if (!bySub.has(r.id)) bySub.set(r.id, i);
  });
  const out = new Map<string, TraceContext[]>();
  for (const p of patients) {
    const indices = new Set<number>();
    for (const id of p.readingIds) {
      const i = bySub.get(id);
      if (i !== undefined) indices.add(i);
    }
    out.set(
      p.patientId,
      [...indices].sort((a, b) => a - b).map((i) => subs[i]!.trace),
    );
  }
  return out;
}
