/**
 * What a patient can write about, and which pool of staff answers it. Medical questions and refill
 * requests go to the patient's own care team (its members answer); appointments go to the front
 * desk and billing questions to the billing office, clinic-wide staff lists (message_pool_members).
 */
export const TOPICS = ['medical_question', 'prescription_refill', 'appointment', 'billing'] as const;
export type Topic = (typeof TOPICS)[number];

export const POOLS = ['care_team', 'front_desk', 'billing'] as const;
export type Pool = (typeof POOLS)[number];

export const THREAD_STATUSES = ['open', 'waiting_on_patient', 'closed'] as const;
export type ThreadStatus = (typeof THREAD_STATUSES)[number];

export const POOL_OF_TOPIC: Record<Topic, Pool> = {
  medical_question: 'care_team',
  prescription_refill: 'care_team',
  appointment: 'front_desk',
  billing: 'billing',
};

export const POOL_LABEL: Record<Pool, string> = { care_team: 'your care team', front_desk: 'the front desk', billing: 'the billing office' };

const TOPIC_TEXT: Record<Topic, { label: string; description: string }> = {
  medical_question: { label: 'Medical question', description: 'A non-urgent question about your health, symptoms or treatment.' },
  prescription_refill: { label: 'Prescription refill', description: 'Ask for a refill of a medicine you already take.' },
  appointment: { label: 'Appointment', description: 'Schedule, change or ask about a visit.' },
  billing: { label: 'Billing', description: 'Questions about a bill, a payment or insurance.' },
};

/**
 * Shown wherever a patient writes a message (the compose screen and every send response): portal
 * messages are not watched around the clock, so nobody should wait on one in an emergency.
 */
export const EMERGENCY_NOTICE = 'If this is an emergency, call 911 or go to the nearest emergency room. Messages are not monitored around the clock.';

/** The topics as the compose screen lists them. */
export const composeTopics = () => TOPICS.map((topic) => ({ topic, ...TOPIC_TEXT[topic], pool: POOL_OF_TOPIC[topic], poolLabel: POOL_LABEL[POOL_OF_TOPIC[topic]] }));
