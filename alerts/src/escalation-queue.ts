import { DelayedError, UnrecoverableError, type Queue, type Worker } from 'bullmq';
import type pg from 'pg';
import { z } from 'zod';
import type { Clock } from '../../common/src/clock.ts';
import type { Logger } from '../../common/src/logger.ts';
import type { QueueFactory } from '../../common/src/queue.ts';
import type { AlertChange } from './alert-change.ts';
import type { AlertPublisher } from './publisher.ts';
import { commitAlertChanges } from './publisher.ts';
import { nextEscalation, recordEscalation, type Alert, type EscalationPolicy, type EscalationStep } from './rules/lifecycle.ts';
import { insertAlertEvents, lockAlert, updateAlert } from './store/alert-repo.ts';
import { loadClinicAlertConfig } from './store/rule-config-repo.ts';

/** Notifies the next care-team tier about an urgent alert nobody has acknowledged. */
export const ESCALATION_QUEUE = 'alert-escalation';

export const EscalationJob = z.object({ alertId: z.uuid(), tier: z.number().int().min(1).max(9) });
export type EscalationJob = z.infer<typeof EscalationJob>;

/** Tiers are 1 to 9 (`care_team_members.tier`). */
const TIERS = [1, 2, 3, 4, 5, 6, 7, 8, 9] as const;

/** One job per alert and tier: scheduling the same step again (a retry, the sweep) adds nothing. */
export const escalationJobId = (alertId: string, tier: number): string => `escalate-${alertId}-${tier}`;

/**
 * Schedules the alert's next escalation step as a delayed job due at the step's time; returns the
 * step, or null when the alert needs none (not open, not urgent, every tier told).
 */
export async function scheduleEscalation(queue: Queue<EscalationJob>, alertId: string, alert: Alert, policy: EscalationPolicy, now: Date): Promise<EscalationStep | null> {
  const step = nextEscalation(alert, policy, now);
  if (step === null) return null;
  await queue.add(
    'escalate',
    { alertId, tier: step.tier },
    { jobId: escalationJobId(alertId, step.tier), delay: Math.max(0, step.at.getTime() - now.getTime()), attempts: 8, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: { age: 7 * 86_400 }, removeOnFail: { age: 7 * 86_400 } },
  );
  return step;
}

/**
 * Removes the alert's pending escalation jobs after an acknowledgement. Only tidiness: a job that
 * slips through (already running, or removal failed) checks the alert's state and stops.
 */
export async function cancelEscalations(queue: Queue<EscalationJob>, alertId: string): Promise<number> {
  const removed = await Promise.all(TIERS.map((tier) => queue.remove(escalationJobId(alertId, tier)).catch(() => 0)));
  return removed.reduce<number>((n, r) => n + r, 0);
}

export interface EscalationWorkerDeps {
  queues: QueueFactory;
  db: pg.Pool;
  clock: Clock;
  logger: Logger;
  publisher: AlertPublisher;
  onEscalated?: (tier: number) => void;
}

/**
 * The escalation worker. When a job runs it asks the lifecycle (`nextEscalation`) what is due now,
 * under a row lock: nothing once the alert was acknowledged, snoozed or resolved; otherwise it
 * records the tier and writes that tier's notifications in the same transaction, so a retried job
 * finds the tier recorded and notifies nobody twice. The publisher then schedules the next tier.
 */
export function createEscalationWorker(deps: EscalationWorkerDeps): { worker: Worker<EscalationJob>; close: () => Promise<void> } {
  const { db, clock, logger } = deps;
  const worker = deps.queues.worker<EscalationJob>(ESCALATION_QUEUE, async (job, token) => {
    const parsed = EscalationJob.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError('malformed escalation job');
    const { alertId } = parsed.data;
    const now = clock.now();
    let notYet: Date | null = null;
    const changes = await commitAlertChanges(db, deps.publisher, now, async (tx): Promise<AlertChange[]> => {
      const stored = await lockAlert(tx, alertId);
      if (stored === null) return [];
      const { escalation } = await loadClinicAlertConfig(tx, stored.clinicId);
      const step = nextEscalation(stored.alert, escalation, now);
      if (step === null) return [];
      if (!step.due) {
        notYet = step.at;
        return [];
      }
      const recorded = recordEscalation(stored.alert, step.tier, now);
      if (!recorded.ok) return [];
      await updateAlert(tx, stored.id, recorded.value, now);
      await insertAlertEvents(tx, stored.id, [{ at: now, actor: 'system', action: 'escalated', detail: { tier: step.tier } }]);
      return [{ kind: 'escalated', ref: { id: stored.id, clinicId: stored.clinicId, patientId: stored.patientId }, alert: recorded.value, tier: step.tier }];
    });
    if (notYet !== null) {
      // The policy moved the step later than this job (or clocks disagree): wait, do not notify early.
      await job.moveToDelayed((notYet as Date).getTime(), token);
      throw new DelayedError();
    }
    const change = changes[0];
    if (change?.kind === 'escalated') {
      deps.onEscalated?.(change.tier);
      logger.info({ alertId, tier: change.tier }, 'alert escalated');
      return `tier-${change.tier}`;
    }
    return 'nothing-due';
  });
  return { worker, close: () => worker.close() };
}
