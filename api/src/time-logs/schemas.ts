/**
 * Time and contact logs: request and response schemas (validation, types, OpenAPI).
 */
import { z } from '@hono/zod-openapi';
import { CommunicationChannel } from '../rpm-billing/rule-set.ts';

export const PatientParams = z.object({ patientId: z.uuid() });

const when = z.iso.datetime({ offset: true }).openapi({ description: 'when the work started', example: '2026-05-12T14:30:00-04:00' });
const note = z.string().trim().min(1).max(2000).optional();

export const ManualEntry = z
  .strictObject({ startedAt: when, minutes: z.number().positive().max(240).openapi({ description: 'minutes of monitoring work (data review, care plan), up to 240' }), note })
  .openapi('ManualTimeEntry');

export const Communication = z
  .strictObject({
    channel: CommunicationChannel.openapi({ description: 'video and phone are real-time (interactive for CPT 99457); message is an asynchronous exchange' }),
    startedAt: when,
    minutes: z.number().positive().max(240),
    note,
  })
  .openapi('Communication');

export const TimeEntry = z
  .object({
    id: z.uuid(),
    patientId: z.uuid(),
    clinicianId: z.uuid(),
    kind: z.enum(['timer', 'manual', 'communication']),
    channel: CommunicationChannel.nullable(),
    startedAt: z.string(),
    /** Null while a timer runs. */
    endedAt: z.string().nullable(),
    seconds: z.number().int().nullable(),
    note: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('TimeEntry');
export type TimeEntry = z.infer<typeof TimeEntry>;

export const StoppedTimer = TimeEntry.extend({ capped: z.boolean().openapi({ description: 'the timer ran longer than the cap and was stopped at it' }) }).openapi('StoppedTimer');

export const MonthQuery = z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM').optional().openapi({ description: 'the patient’s local month; default the current one' }) });

export const MonthLog = z
  .object({
    month: z.string(),
    timeZone: z.string(),
    entries: z.array(TimeEntry),
    totals: z.object({
      seconds: z.number().int(),
      minutes: z.number().int(),
      /** Communications by channel; which channels count as interactive is the billing rule set's call. */
      communications: z.object({ video: z.number().int(), phone: z.number().int(), message: z.number().int() }),
    }),
  })
  .openapi('MonthTimeLog');
