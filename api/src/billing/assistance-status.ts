import { stateMachine } from '../portal-records/state-machine.ts';

export const ASSISTANCE_STATUSES = ['submitted', 'under_review', 'approved', 'denied'] as const;
export type AssistanceStatus = (typeof ASSISTANCE_STATUSES)[number];

/** A financial-assistance request is reviewed, then approved or denied (a simple case may skip review). */
export const assistanceStatus = stateMachine<AssistanceStatus>('financial assistance request', {
  submitted: ['under_review', 'approved', 'denied'],
  under_review: ['approved', 'denied'],
  approved: [],
  denied: [],
});
