import type { Alert } from './rules/lifecycle.ts';

/** Where a stored alert belongs. */
export interface AlertRef {
  id: string;
  clinicId: string;
  patientId: string;
}

/**
 * A change the workers made to a stored alert, handed to delivery: the outbox rows are planned
 * inside the transaction, live events and escalation scheduling follow the commit.
 */
export type AlertChange =
  | { kind: 'opened'; ref: AlertRef; alert: Alert }
  | { kind: 'updated'; ref: AlertRef; alert: Alert; previous: Alert }
  | { kind: 'resolved'; ref: AlertRef; alert: Alert }
  | { kind: 'escalated'; ref: AlertRef; alert: Alert; tier: number };
