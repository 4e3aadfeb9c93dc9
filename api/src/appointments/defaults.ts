/** Scheduling settings that callers may override; one place so the routes and the jobs agree. */
export const SCHEDULING_DEFAULTS = Object.freeze({
  /** How long a slot freed by a cancellation is held for the waitlisted patient it is offered to. */
  offerHoldMinutes: 120,
  /** How far ahead the maintenance job materialises slots. */
  weeksAhead: 8,
  /** The reminder goes out this long before the visit. */
  reminderLeadMs: 24 * 3_600_000,
});
