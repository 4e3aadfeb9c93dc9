/** The lifecycle actions, as named in {@link InvalidTransitionError}. */
export type AlertAction = 'acknowledge' | 'snooze' | 'resolve' | 'autoResolve' | 'addNote' | 'repeat' | 'recordEscalation';

/**
 * A lifecycle action that the alert's state or the arguments do not allow, e.g. acknowledging a
 * resolved alert. Returned, not thrown, by the lifecycle functions; an API route that receives
 * one answers 409 Conflict.
 */
export class InvalidTransitionError extends Error {
  override name = 'InvalidTransitionError';
  constructor(
    readonly action: AlertAction,
    /** The state the alert was in (after an expired snooze ended). */
    readonly from: string,
    readonly reason: string,
  ) {
    super(`cannot ${action} an alert that is ${from}: ${reason}`);
  }
}
