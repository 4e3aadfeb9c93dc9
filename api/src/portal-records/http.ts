import { z } from '@hono/zod-openapi';
import { requireUser } from '../auth/require.ts';

/** Schemas and response helpers shared by the portal-record features (medications, profile, summary, billing, forms). */

/** `{ patientId }` path parameter. */
export const PatientIdParam = z.object({ patientId: z.uuid().openapi({ param: { name: 'patientId', in: 'path' } }) });

/** `{ patientId, <name> }` path parameters: a resource of the patient addressed by uuid. */
export function patientChildParams<N extends string>(name: N) {
  return PatientIdParam.extend({ [name]: z.uuid().openapi({ param: { name, in: 'path' } }) } as { [K in N]: z.ZodUUID });
}

/** A JSON request body (required, so a missing body is a 400, never `{}`). */
export function jsonBody<T extends z.ZodType>(schema: T) {
  return { required: true, content: { 'application/json': { schema } } } as const;
}

/** A JSON response. */
export function jsonResponse<T extends z.ZodType>(description: string, schema: T) {
  return { description, content: { 'application/json': { schema } } } as const;
}

/** A calendar day, `YYYY-MM-DD` (ISO 8601). */
export const CalendarDate = z.iso.date().openapi({ example: '2026-06-01' });

/** A database timestamp as the API shows it. */
export const iso = (d: Date): string => d.toISOString();

/** A nullable database timestamp as the API shows it. */
export const isoOrNull = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** Free text a person types (a note, a reason): trimmed, bounded. */
export const Note = (max = 2000) => z.string().trim().min(1).max(max);

/**
 * For acts that are the patient's own (asking for a refill, paying, answering a form, signing a
 * consent, changing contact details): the patient or a proxy acting for them, never staff on their
 * behalf. guardPatient then decides which patient and scope.
 */
export const patientOrProxy = requireUser({ roles: ['patient', 'proxy'] });
