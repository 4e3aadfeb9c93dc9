import type pg from 'pg';
import type { Clock } from '../../../common/src/clock.ts';
import { NotFoundError } from '../../../common/src/errors/index.ts';
import type { LiveEvents } from '../../../common/src/live-events.ts';
import type { Logger } from '../../../common/src/logger.ts';
import type { Alert, Transition } from '../../../alerts/src/rules/lifecycle.ts';
import { insertAlertEvents, lockAlert, updateAlert, type AlertEventInput } from '../../../alerts/src/store/alert-repo.ts';
import { inTransaction } from '../../../alerts/src/store/transaction.ts';
import { AlertTransitionConflict } from './errors.ts';
import { alertView, type AlertView } from './view.ts';

/** One lifecycle step, e.g. `(a, now) => acknowledge(a, by, now)`. */
export type TransitionStep = (alert: Alert, now: Date) => Transition;

export interface TransitionDeps {
  db: pg.Pool;
  clock: Clock;
  live: LiveEvents | null;
  logger: Logger;
}

/**
 * Applies one lifecycle step to a stored alert under a row lock and records it in the history;
 * then tells live listeners — the SSE streams, and the alerts service, which removes pending
 * escalation jobs of an acknowledged alert (the escalation job checks the state anyway).
 *
 * @throws NotFoundError when the patient has no such alert
 * @throws AlertTransitionConflict when the lifecycle refuses the step (409)
 */
export async function transitionAlert(
  deps: TransitionDeps,
  target: { patientId: string; alertId: string },
  step: TransitionStep,
  event: (alert: Alert, now: Date) => AlertEventInput,
): Promise<AlertView> {
  const now = deps.clock.now();
  const stored = await inTransaction(deps.db, async (tx) => {
    const current = await lockAlert(tx, target.alertId, target.patientId);
    if (current === null) throw new NotFoundError('no such alert');
    const result = step(current.alert, now);
    if (!result.ok) throw new AlertTransitionConflict(result.error);
    await updateAlert(tx, current.id, result.value, now);
    await insertAlertEvents(tx, current.id, [event(result.value, now)]);
    return { ...current, alert: result.value };
  });
  await deps.live
    ?.publish({ type: 'alert', patientId: stored.patientId, alertId: stored.id, severity: stored.alert.severity, state: stored.alert.state })
    .catch((err) => deps.logger.warn({ err: (err as Error).message }, 'live alert event not published'));
  return alertView(stored, now);
}
