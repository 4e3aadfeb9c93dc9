import type { Queue } from 'bullmq';
import { evaluationJobOptions, liveJobCovers, ownEvaluation, planAlertEvaluation, type AlertEvaluationJob, type AlertEvaluationPlan } from '../../../common/src/jobs/alert-evaluation.ts';
import type { CommitResult, PatientTouch } from './reading-store.ts';

/**
 * One alert evaluation per patient of a committed group: live readings join the patient's waiting
 * evaluation if it covers them (so 10,000 readings/s do not queue 10,000 evaluations), others get
 * a job of their own (`planAlertEvaluation`). Ids derive from the reading ids: a resent batch adds
 * nothing new while its job is kept. Used by the MQTT pipeline and by every other way readings
 * arrive (Nightscout uploads), so all of them are judged by the alert rules.
 */
export async function enqueueAlertEvaluations(
  queue: Queue<AlertEvaluationJob>,
  r: Pick<CommitResult, 'patients'>,
  /** The traceparent a patient's job carries (docs/api-operations.md#tracing), if any. */
  traceparentOf: (patientId: string) => string | undefined = () => undefined,
): Promise<void> {
  if (!r.patients.length) return;
  const now = Date.now();
  const entry = (p: PatientTouch, plan: AlertEvaluationPlan) => ({
    name: 'evaluate',
    data: { patientId: p.patientId, metrics: [...p.metrics], from: plan.from.toISOString(), to: new Date(p.to).toISOString(), readingCount: p.readingIds.length, traceparent: traceparentOf(p.patientId) },
    opts: {
      jobId: plan.jobId,
      ...(plan.deduplicationId ? { deduplication: { id: plan.deduplicationId } } : {}),
      ...(plan.priority !== undefined ? { priority: plan.priority } : {}),
      ...evaluationJobOptions(),
    },
  });
  const plans = r.patients.map((p) => ({ p, plan: planAlertEvaluation(p, now) }));
  const jobs = await queue.addBulk(plans.map(({ p, plan }) => entry(p, plan)));
  // joined a job whose window starts after these readings (committed out of order): judge them on their own too
  const uncovered = plans.filter(({ p, plan }, i) => plan.deduplicationId && jobs[i]!.id !== plan.jobId && !liveJobCovers(jobs[i]!.id ?? '', p.from));
  if (uncovered.length) await queue.addBulk(uncovered.map(({ p, plan }) => entry(p, ownEvaluation(p, plan.priority))));
}
