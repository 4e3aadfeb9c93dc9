import { AppError } from '../../../common/src/errors/index.ts';
import type { InvalidTransitionError } from '../../../alerts/src/rules/errors.ts';

/**
 * A lifecycle action the alert's state does not allow (acknowledging a resolved alert, snoozing an
 * unacknowledged urgent one): 409 with the action, the state and the reason.
 */
export class AlertTransitionConflict extends AppError {
  override name = 'AlertTransitionConflict';
  readonly status = 409;
  readonly type = 'invalid-transition';
  constructor(err: InvalidTransitionError) {
    super(err.message, { cause: err, extra: { action: err.action, from: err.from, reason: err.reason } });
  }
}
