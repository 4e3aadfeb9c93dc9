import { z } from '@hono/zod-openapi';
import { PASSWORD_MAX_LENGTH } from '../crypto/password.ts';

/** Schemas shared by several identity routes. */

export const UserView = z
  .object({
    id: z.uuid(),
    email: z.string(),
    displayName: z.string(),
    role: z.enum(['patient', 'proxy', 'clinician', 'admin']),
    patientId: z.uuid().nullable(),
    emailVerified: z.boolean(),
    mfaEnabled: z.boolean(),
  })
  .openapi('User');

export const Email = z.email().max(254).openapi({ example: 'maria@demo.vitals' });

/**
 * A password as typed. Only the length cap is checked here (so argon2 never hashes megabytes);
 * the policy (crypto/password.ts) gives plain-language reasons for everything else.
 */
export const PasswordInput = z.string().min(1).max(PASSWORD_MAX_LENGTH * 4);

/** A one-shot token from an email link. */
export const EmailTokenInput = z.string().min(20).max(200);

/** An instant as ISO 8601 text (UTC). */
export const Timestamp = z.iso.datetime();

/** A database timestamp as the API shows it. */
export const iso = (d: Date): string => d.toISOString();

/** A nullable database timestamp as the API shows it. */
export const isoOrNull = (d: Date | null): string | null => (d ? d.toISOString() : null);

export const CsrfToken = z.string().openapi({ description: 'send back in the x-csrf-token header on every state-changing request' });

/** `{ id }` path parameter for resources addressed by uuid. */
export const IdParam = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) });

/** `{ patientId }` path parameter. */
export const PatientIdParam = z.object({ patientId: z.uuid().openapi({ param: { name: 'patientId', in: 'path' } }) });

/** A JSON request body (required, so a missing or non-JSON body is a 400/415, never `{}`). */
export function jsonBody<T extends z.ZodType>(schema: T) {
  return { required: true, content: { 'application/json': { schema } } } as const;
}

/** A JSON response. */
export function jsonResponse<T extends z.ZodType>(description: string, schema: T) {
  return { description, content: { 'application/json': { schema } } } as const;
}

/** A response with no body. */
export const noContent = { description: 'done' } as const;

/** A 202 response with no body. */
export const accepted = { description: 'accepted' } as const;

/** Terms of use / privacy policy versions the user must accept (POST /v1/me/terms/accept). */
export const PendingTerms = z.array(z.object({ kind: z.string(), version: z.number().int(), title: z.string(), body: z.string(), effectiveAt: z.string() }));
