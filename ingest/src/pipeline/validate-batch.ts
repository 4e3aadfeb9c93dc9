import { z } from 'zod';
import { METRICS, isPlausible } from '../../../common/src/metrics.ts';
import { ReadingsBatch, WireReading } from '../../../common/src/wire/readings.ts';

/** Why a message or a reading was not stored; stable codes, shown to operators with the dead letter. */
export type RejectReason =
  | 'malformed_json'
  | 'schema_invalid'
  | 'gateway_mismatch'
  | 'oversized'
  | 'implausible_value'
  | 'wrong_unit'
  | 'future_time'
  | 'too_old'
  | 'unknown_device'
  | 'unassigned_device';

export interface RejectedReading {
  reading: WireReading;
  reason: RejectReason;
  detail: string;
}

export type BatchVerdict =
  | { ok: true; batch: ReadingsBatch; accepted: WireReading[]; rejected: RejectedReading[] }
  | {
      ok: false;
      reason: RejectReason;
      detail: string;
      /** The message's traceparent when it was JSON with one, so a refused batch still logs under its trace. */
      traceparent?: string | undefined;
    };

export interface ValidationLimits {
  now: Date;
  maxFutureMs: number;
  /** Readings older than this are refused as a device clock fault (default: 2000-01-01). */
  oldest?: Date;
}

const OLDEST = new Date('2000-01-01T00:00:00Z');

/**
 * Decide what to do with one MQTT readings message, as a pure function: a whole message is refused
 * when it is not a valid batch from this gateway; otherwise each reading is accepted or refused on
 * its own, so one bad reading never costs its neighbours.
 */
export function validateBatch(payload: Buffer, topicGatewayId: string, limits: ValidationLimits): BatchVerdict {
  let json: unknown;
  try {
    json = JSON.parse(payload.toString('utf8'));
  } catch (err) {
    return { ok: false, reason: 'malformed_json', detail: (err as Error).message.slice(0, 200) };
  }
  // Validate the envelope first, then each reading, so a bad reading is dead-lettered alone.
  const envelope = ReadingsBatch.extend({ readings: z.array(z.unknown()).min(1).max(500) }).safeParse(json);
  const traceparent = traceparentOf(json);
  if (!envelope.success) return { ok: false, reason: 'schema_invalid', detail: summarise(envelope.error), traceparent };
  if (envelope.data.gatewayId !== topicGatewayId) {
    return { ok: false, reason: 'gateway_mismatch', detail: `batch gatewayId does not match the topic's gateway`, traceparent };
  }
  const accepted: WireReading[] = [];
  const rejected: RejectedReading[] = [];
  const invalid: string[] = [];
  for (const [i, raw] of envelope.data.readings.entries()) {
    const parsed = WireReading.safeParse(raw);
    if (!parsed.success) {
      invalid.push(`readings.${i}: ${summarise(parsed.error)}`);
      continue;
    }
    const problem = checkReading(parsed.data, limits);
    if (problem) rejected.push({ reading: parsed.data, ...problem });
    else accepted.push(parsed.data);
  }
  if (invalid.length) {
    // A reading that does not even parse cannot be dead-lettered on its own (no id): refuse the batch.
    return { ok: false, reason: 'schema_invalid', detail: invalid.slice(0, 5).join('; '), traceparent };
  }
  const batch = { ...envelope.data, readings: [...accepted, ...rejected.map((r) => r.reading)] } as ReadingsBatch;
  return { ok: true, batch, accepted, rejected };
}

/**
 * The `traceparent` member of a parsed message, whatever else is wrong with it; a string only
 * (whether it is a valid W3C value is decided by continueOrStartTrace).
 */
export function traceparentOf(json: unknown): string | undefined {
  const value = typeof json === 'object' && json !== null ? (json as { traceparent?: unknown }).traceparent : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** Plausibility of one reading: canonical unit, physiological range, sane time. */
export function checkReading(r: WireReading, limits: ValidationLimits): { reason: RejectReason; detail: string } | null {
  const at = Date.parse(r.measuredAt);
  if (at > limits.now.getTime() + limits.maxFutureMs) return { reason: 'future_time', detail: `measuredAt is ahead of the server clock by more than ${limits.maxFutureMs / 1000} s` };
  if (at < (limits.oldest ?? OLDEST).getTime()) return { reason: 'too_old', detail: 'measuredAt is before 2000-01-01 (device clock not set?)' };
  const metrics = new Set<string>();
  for (const v of r.values) {
    if (metrics.has(v.metric)) return { reason: 'schema_invalid', detail: `metric ${v.metric} appears twice in one reading` };
    metrics.add(v.metric);
    const def = METRICS[v.metric];
    if (v.unit !== def.unit) return { reason: 'wrong_unit', detail: `${v.metric} must be in ${def.unit}, got ${v.unit}` };
    if (!isPlausible(v.metric, v.value)) return { reason: 'implausible_value', detail: `${v.metric} outside the plausible range ${def.plausible[0]}–${def.plausible[1]} ${def.unit}` };
  }
  return null;
}

function summarise(err: z.ZodError): string {
  return err.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ')
    .slice(0, 500);
}
