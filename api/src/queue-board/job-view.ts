import type { JobState, JobSummary } from './schemas.ts';

/** The fields of a BullMQ job the board reads (a structural type, so tests need no queue). */
export interface JobFields {
  id?: string | undefined;
  name: string;
  timestamp: number;
  delay?: number;
  processedOn?: number | undefined;
  finishedOn?: number | undefined;
  attemptsMade: number;
  opts: { attempts?: number | undefined };
  failedReason?: string | undefined;
}

/** Failure texts are shown whole up to here: enough for a stack's first line, not for a dumped payload. */
export const FAILED_REASON_MAX = 300;

const iso = (ms: number | undefined): string | null => (ms ? new Date(ms).toISOString() : null);

/**
 * A failure message fit for the operators' listing: email addresses (a delivery error may quote
 * the recipient) replaced and the length capped. Job data is never read, so this is the one
 * free-text field that leaves the queue.
 */
export function safeFailedReason(reason: string | undefined): string | null {
  if (!reason) return null;
  const scrubbed = reason.replace(/[^\s<>"'@,;:]+@[^\s<>"'@,;:]+\.[^\s<>"'@,;:]+/g, '[address]');
  return scrubbed.length > FAILED_REASON_MAX ? `${scrubbed.slice(0, FAILED_REASON_MAX - 1)}…` : scrubbed;
}

/**
 * What the board shows of a job: its id, name, timings, attempts and failure.
 *
 * @param state - the state it was listed in (or looked up), 'unknown' when BullMQ could not say
 */
export function jobSummary(job: JobFields, state: JobState | 'unknown'): JobSummary {
  return {
    id: job.id ?? '',
    name: job.name,
    state,
    createdAt: new Date(job.timestamp).toISOString(),
    runAt: state === 'delayed' && job.delay ? new Date(job.timestamp + job.delay).toISOString() : null,
    processedAt: iso(job.processedOn),
    finishedAt: iso(job.finishedOn),
    attemptsMade: job.attemptsMade,
    // BullMQ stores 0 for a job added without `attempts`: it still runs once
    maxAttempts: Math.max(1, job.opts.attempts ?? 1),
    failedReason: safeFailedReason(job.failedReason),
  };
}
