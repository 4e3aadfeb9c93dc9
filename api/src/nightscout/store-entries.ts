/**
 * Uploaded Nightscout entries go into the readings store through the same validation and dedupe
 * as MQTT batches (ingest/src/pipeline: validateBatch, then commitSubmissions): deterministic
 * reading ids, ON CONFLICT DO NOTHING, implausible or mistimed values dead-lettered with their
 * reason, never dropped silently.
 */
import type pg from 'pg';
import type { Clock } from '../../../common/src/clock.ts';
import { NotFoundError } from '../../../common/src/errors/index.ts';
import type { Logger } from '../../../common/src/logger.ts';
import { formatTraceparent, traceLogFields, type TraceContext } from '../../../common/src/trace-context.ts';
import type { WireReading } from '../../../common/src/wire/readings.ts';
import { commitSubmissions, type CommitResult, type Submission } from '../../../ingest/src/pipeline/reading-store.ts';
import { validateBatch, type BatchVerdict } from '../../../ingest/src/pipeline/validate-batch.ts';
import { entryToReading, isSgv, type UploadedEntry } from './entries.ts';
import { ensureNightscoutDevice, NIGHTSCOUT_GATEWAY } from './virtual-device.ts';

/** Nightscout's lowest glucose value ("LOW"); smaller sgv values are error codes. */
const NIGHTSCOUT_LOWEST_SGV = 39;
/** Readings per batch: the wire contract's maximum. */
const BATCH = 500;
/** Clock tolerance for uploader timestamps, as ingest's default INGEST_MAX_FUTURE_S. */
export const NIGHTSCOUT_MAX_FUTURE_MS = 600_000;
const TOPIC = 'nightscout/api/v1/entries';

export interface StoreEntriesDeps {
  db: pg.Pool;
  clock: Clock;
  logger: Logger;
  /**
   * Called after the commit, e.g. to enqueue alert evaluation as ingest does (the API has no
   * queue of its own yet; see docs/nightscout.md). Its failure fails the upload, so the
   * uploader retries, as a gateway does when ingest cannot enqueue. `traceparent` is the upload's
   * span, for the alert jobs to carry (docs/api-operations.md#tracing).
   */
  onCommitted?: ((result: CommitResult, traceparent: string) => Promise<void>) | undefined;
}

export interface StoredEntries {
  /** The sensor glucose entries of the upload, as readings (stored now or earlier). */
  accepted: WireReading[];
  /** Entries that were not sensor glucose (mbg, cal, …). */
  ignored: number;
  result: CommitResult;
}

/**
 * Store the sgv entries of one upload for a patient, through their virtual Nightscout device.
 * @throws NotFoundError when there is no such patient
 */
export async function storeEntries(deps: StoreEntriesDeps, patientId: string, entries: readonly UploadedEntry[], trace: TraceContext): Promise<StoredEntries> {
  const deviceKey = await ensureNightscoutDevice(deps.db, patientId);
  if (!deviceKey) throw new NotFoundError('no such patient');
  const sgv = entries.filter(isSgv);
  // an uploader may repeat an entry within one upload; one reading per id
  const readings = [...new Map(sgv.map((e) => entryToReading(e, deviceKey)).map((r) => [r.id, r])).values()];
  const receivedAt = deps.clock.now();
  const submissions: Submission[] = [];
  const refused = new Set<string>();
  for (let i = 0; i < readings.length; i += BATCH) {
    const chunk = readings.slice(i, i + BATCH);
    const payload = Buffer.from(JSON.stringify({ v: 1, gatewayId: NIGHTSCOUT_GATEWAY, sentAt: receivedAt.toISOString(), readings: chunk }));
    const verdict = refuseErrorCodes(validateBatch(payload, NIGHTSCOUT_GATEWAY, { now: receivedAt, maxFutureMs: NIGHTSCOUT_MAX_FUTURE_MS }));
    for (const r of verdict.ok ? verdict.rejected.map((x) => x.reading) : chunk) refused.add(r.id);
    submissions.push({ gatewayId: NIGHTSCOUT_GATEWAY, topic: TOPIC, payload, receivedAt, verdict });
  }
  const result = submissions.length ? await commitSubmissions(deps.db, submissions) : emptyResult();
  // the trace id ties this upload to the alert evaluation it causes (docs/api-operations.md#tracing)
  deps.logger.info(
    { ...traceLogFields(trace), patientId, entries: entries.length, ignored: entries.length - sgv.length, stored: result.readingsStored, rowsInserted: result.rowsInserted, duplicates: result.rowsDuplicate, deadLettered: result.deadLettered },
    'nightscout upload committed',
  );
  await deps.onCommitted?.(result, formatTraceparent(trace));
  return { accepted: readings.filter((r) => !refused.has(r.id)), ignored: entries.length - sgv.length, result };
}

/**
 * Nightscout sgv values below 39 are not glucose but CGM error codes (1 sensor not active, 5 no
 * signal, 9–12 sensor faults; 39 itself means "below 40"). Some fall inside the physiological
 * range ingest accepts, so they are refused here, as dead letters like any implausible value.
 */
function refuseErrorCodes(verdict: BatchVerdict): BatchVerdict {
  if (!verdict.ok) return verdict;
  const isCode = (r: WireReading) => r.values[0]!.value < NIGHTSCOUT_LOWEST_SGV;
  return {
    ...verdict,
    accepted: verdict.accepted.filter((r) => !isCode(r)),
    rejected: [...verdict.rejected, ...verdict.accepted.filter(isCode).map((reading) => ({ reading, reason: 'implausible_value' as const, detail: `Nightscout sgv ${reading.values[0]!.value} is a CGM error code, not a glucose value` }))],
  };
}

function emptyResult(): CommitResult {
  return { rowsInserted: 0, rowsDuplicate: 0, readingsStored: 0, deadLettered: 0, deadByReason: {}, patients: [] };
}
