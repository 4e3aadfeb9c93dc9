/**
 * What each ladder step does, inside the transaction that records it: notify the patient (in-app
 * and email, by their notification preferences), or open a task for the care team's first tier
 * (the nurses) or its highest tier (the lead) and notify them. Every step and every cancellation
 * writes an entry to the hash-chained audit log in the same transaction.
 *
 * Notifications use the portal's `care_task` kind: its email says only that a task is waiting in
 * the portal (api/src/notifications/kinds.ts), never who or why.
 */
import type { Clock } from '../../../common/src/clock.ts';
import { appendAudit } from '../../../api/src/audit/audit-log.ts';
import { notify } from '../../../api/src/notifications/notify.ts';
import type { Tx } from '../store/transaction.ts';
import type { LadderAction, LadderStep } from './ladder.ts';
import type { LadderCandidate } from './ladder-repo.ts';

/** The audit actor of everything the ladder does. */
export const LADDER_ACTOR = 'system:adherence-ladder';

export interface StepContext {
  candidate: LadderCandidate;
  runId: string;
  gapSince: Date;
  now: Date;
  clock: Clock;
  /** Ties the audit entries of one tick together. */
  requestId: string;
}

const days = (ms: number) => Math.floor(ms / 86_400_000);

/** Who hears of a step: the patient's own account, or the care team's lowest or highest tier. */
const teamTier = (agg: 'min' | 'max') => `
    SELECT u.id FROM care_team_members m JOIN users u ON u.id = m.user_id AND u.role = 'clinician' AND u.disabled_at IS NULL
     WHERE m.care_team_id = $1 AND m.tier = (SELECT ${agg}(tier) FROM care_team_members WHERE care_team_id = $1) ORDER BY u.id`;
const RECIPIENTS: Record<LadderAction, { sql: string; of: (c: LadderCandidate) => string }> = {
  patient_nudge: { sql: `SELECT id FROM users WHERE role = 'patient' AND patient_id = $1 AND disabled_at IS NULL`, of: (c) => c.patientId },
  nurse_task: { sql: teamTier('min'), of: (c) => c.careTeamId },
  lead_escalation: { sql: teamTier('max'), of: (c) => c.careTeamId },
};

const TITLES: Record<LadderAction, (d: number) => string> = {
  patient_nudge: (d) => `Please take a reading: we have not received one for ${d} days`,
  nurse_task: (d) => `Adherence follow-up: a patient has sent no reading for ${d} days`,
  lead_escalation: (d) => `Adherence escalation: a patient has sent no reading for ${d} days`,
};

const TASK_KIND: Partial<Record<LadderAction, 'adherence_follow_up' | 'adherence_escalation'>> = { nurse_task: 'adherence_follow_up', lead_escalation: 'adherence_escalation' };

/**
 * Perform one step and audit it.
 *
 * @returns the queued emails, to enqueue after the commit
 */
export async function performStep(tx: Tx, ctx: StepContext, step: LadderStep): Promise<string[]> {
  const { candidate: c, now } = ctx;
  const gapDays = days(now.getTime() - ctx.gapSince.getTime());
  const recipientsOf = RECIPIENTS[step.action];
  const { rows: recipients } = await tx.query<{ id: string }>(recipientsOf.sql, [recipientsOf.of(c)]);
  const taskKind = TASK_KIND[step.action];
  if (taskKind) {
    await tx.query(
      `INSERT INTO rpm_tasks (patient_id, care_team_id, ladder_run_id, kind, tier, created_at)
       SELECT $1, $2, $3, $4, COALESCE((SELECT ${step.action === 'nurse_task' ? 'min' : 'max'}(tier) FROM care_team_members WHERE care_team_id = $2), 1), $5
       ON CONFLICT (ladder_run_id, kind) DO NOTHING`,
      [c.patientId, c.careTeamId, ctx.runId, taskKind, now],
    );
  }
  const emails: string[] = [];
  const link = step.action === 'patient_nudge' ? '/app' : '/app/clinic';
  for (const r of recipients) {
    const outcome = await notify(tx, { userId: r.id, kind: 'care_task', title: TITLES[step.action](gapDays), link, at: now });
    if (outcome.emailId) emails.push(outcome.emailId);
  }
  const hours = Math.floor((now.getTime() - ctx.gapSince.getTime()) / 3_600_000);
  await appendAudit(tx, ctx.clock, [
    {
      actor: LADDER_ACTOR,
      actorRole: 'system',
      patientId: c.patientId,
      action: `adherence.${step.action}`,
      resource: `rpm-enrolment/${c.enrolmentId}`,
      reason: `no reading for ${hours} h (step ${step.step} after ${step.afterHours} h); ${recipients.length} recipient(s)`,
      requestId: ctx.requestId,
    },
  ]);
  return emails;
}

/** Audit the end of a run: a reading came after its gap began. */
export async function auditCancelled(tx: Tx, ctx: Omit<StepContext, 'runId' | 'gapSince'> & { stepsDone: number; lastReadingAt: Date | null }): Promise<void> {
  await appendAudit(tx, ctx.clock, [
    {
      actor: LADDER_ACTOR,
      actorRole: 'system',
      patientId: ctx.candidate.patientId,
      action: 'adherence.ladder_cancelled',
      resource: `rpm-enrolment/${ctx.candidate.enrolmentId}`,
      reason: `a reading measured ${ctx.lastReadingAt?.toISOString() ?? '(none)'} ended the gap after ${ctx.stepsDone} step(s); open tasks closed`,
      requestId: ctx.requestId,
    },
  ]);
}
