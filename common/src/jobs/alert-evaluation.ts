import { createHash } from 'node:crypto';
import { z } from 'zod';
import { OptionalTraceparent } from '../trace-field.ts';
import { EVALUATION_PRIORITY } from './evaluation-priority.ts';

/**
 * Job contract between ingest (producer) and alerts (consumer): evaluate a patient's rules after
 * new readings were committed. Live readings are coalesced into at most one waiting job per
 * patient; late ones get one job per patient per batch (`planAlertEvaluation`). Ids are
 * deterministic, so a batch resent after a crash adds nothing new while its job is kept.
 */
export const ALERT_EVALUATION_QUEUE = 'alert-evaluation';

export const AlertEvaluationJob = z.object({
  patientId: z.uuid(),
  metrics: z.array(z.string()).min(1),
  /**
   * Time span of the new readings, so rules look at the right window. A live job's `from` starts
   * a little earlier, for batches that join it (`planAlertEvaluation`); its `to`, `readingCount`
   * and `traceparent` are those of the batch that created it.
   */
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
  readingCount: z.number().int().positive(),
  /**
   * Trace of the step that committed the readings (ingest or a Nightscout upload), so the
   * evaluation and its notifications log under the same trace id; jobs of older producers have none.
   */
  traceparent: OptionalTraceparent,
});
export type AlertEvaluationJob = z.infer<typeof AlertEvaluationJob>;

/**
 * Retries and retention of every evaluation job, whoever adds it (ingest, a Nightscout upload, the
 * alerts worker re-running one given up as stalled): transient failures retry with backoff, and
 * completed jobs stay an hour so a resent batch's job id still dedupes. Fresh objects per job.
 */
export const evaluationJobOptions = () => ({
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 3600, count: 10_000 },
  removeOnFail: { age: 7 * 86400 },
});

export function alertEvaluationJobId(patientId: string, readingIds: string[]): string {
  const h = createHash('sha1');
  for (const id of [...readingIds].sort()) h.update(id);
  return `eval-${patientId}-${h.digest('hex').slice(0, 20)}`;
}

/**
 * Readings measured at most this long before they are enqueued count as live: their evaluations
 * are coalesced per patient. Older ones (a meter's stored records, an outbox drained after an
 * outage) keep a job of their own, so a live reading never waits behind a week of replay.
 */
export const LIVE_WINDOW_MS = 60_000;
/**
 * A live job's window starts this long before its own readings, so batches committed slightly
 * out of order (two group commits at once, several ingest replicas) still fall inside it.
 */
const REORDER_SLACK_MS = 2_000;

/** The deduplication id of a patient's one waiting live evaluation. */
export const liveEvaluationDeduplicationId = (patientId: string): string => `eval-live-${patientId}`;

export interface AlertEvaluationPlan {
  /** The job's `from`: its evaluation replays the readings measured from then on. */
  from: Date;
  jobId: string;
  /** BullMQ priority (`EVALUATION_PRIORITY`); none for suspect readings, which run first. */
  priority?: number;
  /** Set for live readings: the job joins the patient's waiting evaluation, if there is one. */
  deduplicationId?: string;
}

/** A job of its own for one batch's readings of a patient, with their exact window. */
export const ownEvaluation = (p: { patientId: string; readingIds: readonly string[]; from: number }, priority?: number): AlertEvaluationPlan => ({
  from: new Date(p.from),
  jobId: alertEvaluationJobId(p.patientId, [...p.readingIds]),
  ...(priority !== undefined ? { priority } : {}),
});

/**
 * How one committed batch's readings of a patient are evaluated (docs/ingest.md, "Alert
 * evaluation jobs"). Live readings join the patient's waiting job if there is one; BullMQ then
 * keeps that job's data, so its window must cover them: `liveJobCovers` tells from the kept job's
 * id, which carries its `from`, and a batch it does not cover gets `ownEvaluation` as well.
 *
 * @param now - when the batch is enqueued (after its commit)
 */
export function planAlertEvaluation(p: { patientId: string; readingIds: readonly string[]; from: number; suspect?: boolean }, now: number): AlertEvaluationPlan {
  // a suspect batch never waits behind a coalesced job: its own, at the front of the queue
  if (p.suspect) return ownEvaluation(p);
  if (p.from < now - LIVE_WINDOW_MS) return ownEvaluation(p, EVALUATION_PRIORITY.late);
  const from = p.from - REORDER_SLACK_MS;
  return {
    from: new Date(from),
    jobId: `eval-live-${p.patientId}-${from}-${ownEvaluation(p).jobId.slice(-20)}`,
    deduplicationId: liveEvaluationDeduplicationId(p.patientId),
    priority: EVALUATION_PRIORITY.live,
  };
}

/** Whether the live job with this id replays readings measured at `from`; false for any other id. */
export function liveJobCovers(jobId: string, from: number): boolean {
  const m = /^eval-live-[0-9a-f-]{36}-(\d+)-[0-9a-f]{20}$/.exec(jobId);
  return m !== null && Number(m[1]) <= from;
}
