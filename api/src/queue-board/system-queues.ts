import { ADHERENCE_LADDER_QUEUE } from '../../../alerts/src/adherence/ladder-queue.ts';
import { EMAIL_QUEUE } from '../../../alerts/src/delivery/email-queue.ts';
import { WEBHOOK_DELIVERY_QUEUE } from '../../../alerts/src/delivery/webhook-queue.ts';
import { ESCALATION_QUEUE } from '../../../alerts/src/escalation-queue.ts';
import { SCHEDULED_RULES_QUEUE } from '../../../alerts/src/scheduled-queue.ts';
import { OUTBOX_SWEEP_QUEUE } from '../../../alerts/src/sweep-queue.ts';
import { ALERT_EVALUATION_QUEUE } from '../../../common/src/jobs/alert-evaluation.ts';
import { SCHEDULING_MAINTENANCE_QUEUE } from '../appointments/maintenance-queue.ts';
import { APPOINTMENT_REMINDER_QUEUE } from '../appointments/reminder-queue.ts';
import { TREND_ROLLUP_QUEUE } from '../trends/rollup-job.ts';
import { GLUCOSE_RANGES_QUEUE } from '../worklist/glucose-ranges-job.ts';

/**
 * Every BullMQ queue of the system, whichever process works it (ingest and the API add, alerts and
 * the API work). Imported from the queues' own files so a rename cannot leave the board behind;
 * a new queue is added here (queue-board.int.test.ts checks each one is listed).
 */
export const SYSTEM_QUEUES: readonly string[] = [
  ALERT_EVALUATION_QUEUE,
  ESCALATION_QUEUE,
  SCHEDULED_RULES_QUEUE,
  OUTBOX_SWEEP_QUEUE,
  ADHERENCE_LADDER_QUEUE,
  WEBHOOK_DELIVERY_QUEUE,
  EMAIL_QUEUE,
  APPOINTMENT_REMINDER_QUEUE,
  SCHEDULING_MAINTENANCE_QUEUE,
  TREND_ROLLUP_QUEUE,
  GLUCOSE_RANGES_QUEUE,
];
