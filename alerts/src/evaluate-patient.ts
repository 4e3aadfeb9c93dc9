import { UnrecoverableError } from 'bullmq';
import type pg from 'pg';
import type { AlertChange } from './alert-change.ts';
import { applyChecks } from './apply-checks.ts';
import { commitAlertChanges, type AlertPublisher } from './publisher.ts';
import type { RuleCheck } from './rules/candidate.ts';
import { loadPatientRuleContext, type PatientRuleContext } from './store/rule-config-repo.ts';

/**
 * Shared by the reading and scheduled evaluations: the patient's effective rules, the checks
 * `judge` makes with them, and the stored outcome with its notifications.
 *
 * @throws UnrecoverableError when there is no such patient (deleted, or a job meant for another
 *   database): retrying cannot help
 */
export async function evaluatePatient(
  deps: { db: pg.Pool; publisher: AlertPublisher },
  patientId: string,
  now: Date,
  judge: (ctx: PatientRuleContext) => Promise<RuleCheck[]>,
  /** The evaluation's trace, passed on to the notification jobs. */
  traceparent?: string,
): Promise<AlertChange[]> {
  const ctx = await loadPatientRuleContext(deps.db, patientId);
  if (ctx === null) throw new UnrecoverableError(`no patient ${patientId}`);
  const checks = await judge(ctx);
  // Most evaluations find every rule in range and no alert to resolve: they store nothing, so they
  // open no transaction. An alert opened since the context was read is resolved by a later
  // evaluation instead (the safe side: an alert stays open a little longer, none is missed).
  if (!checks.some((c) => c.status === 'triggered' || ctx.unresolved.has(c.dedupeKey))) return [];
  return commitAlertChanges(deps.db, deps.publisher, now, (tx) => applyChecks(tx, { clinicId: ctx.clinicId, patientId }, checks, now), traceparent);
}
