/**
 * Request and response schemas of the worklist routes (validation, types and OpenAPI in one).
 */
import { z } from '@hono/zod-openapi';
import { FLAG_CODES } from './flags/flag.ts';
import { WORKLIST_SORTS } from './ordering.ts';

export const TeamParams = z.object({ teamId: z.uuid() });
export const TeamPatientParams = z.object({ teamId: z.uuid(), patientId: z.uuid() });

const FlagCode = z.enum(FLAG_CODES);

/** `flags=a,b`: a comma-separated list of flag codes. */
const flagList = z
  .string()
  .optional()
  .transform((s, ctx) => {
    if (!s) return undefined;
    const parts = s.split(',');
    const bad = parts.filter((p) => !(FLAG_CODES as readonly string[]).includes(p));
    if (bad.length) ctx.addIssue({ code: 'custom', message: `unknown flag ${bad.join(', ')}; expected ${FLAG_CODES.join(', ')}` });
    return parts as Array<(typeof FLAG_CODES)[number]>;
  })
  .openapi({ description: 'comma-separated flag codes: rows with at least one of them', example: 'urgent_alerts,bp_high' });

export const WorklistQuery = z.object({
  sort: z.enum(WORKLIST_SORTS).default('priority').openapi({ description: 'priority (urgent alerts first, then by flag weight), name, or last_reading (oldest first)' }),
  flags: flagList,
  claimed: z.enum(['me', 'others', 'unclaimed']).optional(),
  reviewed: z.enum(['true', 'false']).optional().openapi({ description: 'reviewed for the patient’s current month, or not' }),
});

export const WorklistFlag = z
  .object({
    code: FlagCode,
    reason: z.string(),
    figures: z.record(z.string(), z.number()),
    evidence: z.string().openapi({ description: 'API path of the report, alert or readings behind the flag' }),
  })
  .openapi('WorklistFlag');

export const WorklistRow = z
  .object({
    patientId: z.uuid(),
    mrn: z.string(),
    givenName: z.string(),
    familyName: z.string(),
    timeZone: z.string(),
    enrolment: z.object({ id: z.uuid(), programId: z.uuid(), startedAt: z.string(), devicePeriod: z.enum(['calendar_month', 'enrolment_30_days']) }),
    lastReadingDate: z.string().nullable(),
    claim: z.object({ userId: z.uuid(), displayName: z.string().nullable(), at: z.string() }).nullable(),
    period: z.string(),
    reviewedThisPeriod: z.boolean(),
    review: z.object({ by: z.uuid(), at: z.string() }).nullable(),
    lastNote: z.object({ text: z.string(), authorId: z.uuid(), at: z.string() }).nullable(),
    notes: z.number().int(),
    adherence: z.object({ step: z.number().int(), action: z.string(), at: z.string(), gapSince: z.string() }).nullable(),
    openTasks: z.number().int(),
    flags: z.array(WorklistFlag),
    priority: z.number(),
  })
  .openapi('WorklistRow');

export const Worklist = z.object({ teamId: z.uuid(), asOf: z.string(), patients: z.array(WorklistRow) }).openapi('Worklist');

export const Claim = z.object({ userId: z.uuid(), at: z.string() }).openapi('WorklistClaim');
export const NewNote = z.object({ text: z.string().trim().min(1).max(4000) }).openapi('NewWorklistNote');
export const Note = z.object({ id: z.uuid(), text: z.string(), authorId: z.uuid(), at: z.string() }).openapi('WorklistNote');
export const MarkReviewed = z
  .object({ period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM').optional().openapi({ description: 'the month reviewed; default the patient’s current local month' }) })
  .openapi('MarkReviewed');
export const Review = z.object({ period: z.string(), by: z.uuid(), at: z.string() }).openapi('WorklistReview');
