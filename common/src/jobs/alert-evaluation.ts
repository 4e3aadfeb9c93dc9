import { createHash } from 'node:crypto';
import { z } from 'zod';

/**
 * Job contract between ingest (producer) and alerts (consumer): evaluate a patient's rules after
 * new readings were committed. One job per patient per batch; the id is deterministic, so a batch
 * resent after a crash adds nothing new.
 */
export const ALERT_EVALUATION_QUEUE = 'alert-evaluation';

export const AlertEvaluationJob = z.object({
  patientId: z.uuid(),
  metrics: z.array(z.string()).min(1),
  /** Time span of the new readings, so rules look at the right window. */
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
  readingCount: z.number().int().positive(),
});
export type AlertEvaluationJob = z.infer<typeof AlertEvaluationJob>;

export function alertEvaluationJobId(patientId: string, readingIds: string[]): string {
  const h = createHash('sha1');
  for (const id of [...readingIds].sort()) h.update(id);
  return `eval-${patientId}-${h.digest('hex').slice(0, 20)}`;
}
