import type { AlertChange, AlertRef } from './alert-change.ts';
import type { AlertCandidate, ClearCheck, RuleCheck } from './rules/candidate.ts';
import { autoResolve, openAlert, repeat, SYSTEM_ACTOR, type Alert } from './rules/lifecycle.ts';
import { insertAlert, insertAlertEvents, lockCurrentAlert, updateAlert } from './store/alert-repo.ts';
import type { Tx } from './store/transaction.ts';

/** The patient the checks are about. */
export interface CheckOwner {
  clinicId: string;
  patientId: string;
}

/**
 * Concurrent workers may race to open the same alert; the loser's insert does nothing and it
 * folds its candidate into the winner's alert instead. More rounds than that mean something else
 * is wrong, and a thrown error lets the job retry.
 */
const MAX_ROUNDS = 3;

const refOf = (owner: CheckOwner, id: string): AlertRef => ({ id, ...owner });

/**
 * Opens a new alert for the candidate or folds it into the current one, under a row lock.
 * Null when nothing changed (a redelivered job, or data no newer than the alert's).
 */
async function applyCandidate(tx: Tx, owner: CheckOwner, candidate: AlertCandidate, now: Date): Promise<AlertChange | null> {
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const current = await lockCurrentAlert(tx, owner.patientId, candidate.dedupeKey);
    let opened: Alert;
    if (current === null) {
      opened = openAlert(candidate, now);
    } else {
      const result = repeat(current.alert, candidate, now);
      if (!result.ok) throw result.error; // same patient and key by construction: a bug, not data
      const r = result.value;
      if (r.outcome === 'unchanged') return null;
      if (r.outcome === 'updated') {
        await updateAlert(tx, current.id, r.alert, now);
        const action = current.alert.state !== 'open' && r.alert.state === 'open' ? 'reopened' : 'repeated';
        await insertAlertEvents(tx, current.id, [{ at: now, actor: SYSTEM_ACTOR, action, detail: { count: r.alert.count, severity: r.alert.severity } }]);
        return { kind: 'updated', ref: refOf(owner, current.id), alert: r.alert, previous: current.alert };
      }
      opened = r.alert;
    }
    const id = await insertAlert(tx, owner, opened);
    if (id !== null) {
      await insertAlertEvents(tx, id, [{ at: now, actor: SYSTEM_ACTOR, action: 'opened', detail: { severity: opened.severity, ruleId: opened.ruleId } }]);
      return { kind: 'opened', ref: refOf(owner, id), alert: opened };
    }
  }
  throw new Error(`alert ${candidate.dedupeKey} kept changing under concurrent evaluations`);
}

/** Closes the unresolved alert of the check's key when the rule allows it and the data is newer. */
async function applyClear(tx: Tx, owner: CheckOwner, check: ClearCheck, now: Date): Promise<AlertChange | null> {
  const current = await lockCurrentAlert(tx, owner.patientId, check.dedupeKey);
  if (current === null || current.alert.state === 'resolved') return null;
  const result = autoResolve(current.alert, check, now);
  if (!result.ok) return null; // not allowed or not newer: the alert stays as it is, by design
  await updateAlert(tx, current.id, result.value, now);
  await insertAlertEvents(tx, current.id, [{ at: now, actor: SYSTEM_ACTOR, action: 'auto_resolved', detail: { observedAt: check.observedAt.toISOString() } }]);
  return { kind: 'resolved', ref: refOf(owner, current.id), alert: result.value };
}

/**
 * Stores the outcome of one evaluation of a patient's rules inside the caller's transaction:
 * triggered checks open or repeat alerts, clear checks auto-resolve where allowed. Checks are
 * applied in rule order, so two workers on the same patient lock rows in the same order.
 * Idempotent: a second run with the same data changes nothing (`repeat` ignores data that is
 * not newer than the alert's).
 */
export async function applyChecks(tx: Tx, owner: CheckOwner, checks: readonly RuleCheck[], now: Date): Promise<AlertChange[]> {
  const { rows } = await tx.query<{ dedupe_key: string }>("SELECT dedupe_key FROM alerts WHERE patient_id = $1 AND state <> 'resolved'", [owner.patientId]);
  const unresolved = new Set(rows.map((r) => r.dedupe_key));
  const changes: AlertChange[] = [];
  for (const check of checks) {
    const change =
      check.status === 'triggered' ? await applyCandidate(tx, owner, check.candidate, now) : unresolved.has(check.dedupeKey) ? await applyClear(tx, owner, check, now) : null;
    if (change) changes.push(change);
  }
  return changes;
}
