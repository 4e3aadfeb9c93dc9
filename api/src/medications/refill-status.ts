import { stateMachine } from '../portal-records/state-machine.ts';

export const REFILL_STATUSES = ['requested', 'approved', 'denied', 'sent_to_pharmacy'] as const;
export type RefillStatus = (typeof REFILL_STATUSES)[number];

/**
 * A refill request's life: the care team approves or denies it, and an approved refill is then
 * sent to the pharmacy. Denied and sent are final; anything else is a 409.
 */
export const refillStatus = stateMachine<RefillStatus>('refill request', {
  requested: ['approved', 'denied'],
  approved: ['sent_to_pharmacy'],
  denied: [],
  sent_to_pharmacy: [],
});

/** Statuses in which a request still waits on the care team (one such request per medication). */
export const OPEN_REFILL_STATUSES: readonly RefillStatus[] = REFILL_STATUSES.filter((s) => !refillStatus.isFinal(s));
