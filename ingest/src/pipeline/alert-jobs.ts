import type { Queue } from 'bullmq';
import { alertEvaluationJobId, type AlertEvaluationJob } from '../../../common/src/jobs/alert-evaluation.ts';
import type { CommitResult } from './reading-store.ts';

/**
 * One alert evaluation job per patient of a committed group, with an id derived from the reading
 * ids: a resent batch (same readings) adds nothing new. Used by the MQTT pipeline and by every
 * other way readings arrive (Nightscout uploads), so all of them are judged by the alert rules.
 */
export async function enqueueAlertEvaluations(queue: Queue<AlertEvaluationJob>, r: Pick<CommitResult, 'patients'>): Promise<void> {
  if (!r.patients.length) return;
  await queue.addBulk(
    r.patients.map((p) => ({
      name: 'evaluate',
      data: { patientId: p.patientId, metrics: [...p.metrics], from: new Date(p.from).toISOString(), to: new Date(p.to).toISOString(), readingCount: p.readingIds.length },
      opts: { jobId: alertEvaluationJobId(p.patientId, p.readingIds), removeOnComplete: { age: 3600, count: 10_000 }, removeOnFail: { age: 7 * 86400 }, attempts: 5, backoff: { type: 'exponential', delay: 1000 } },
    })),
  );
}
