import type { z } from '@hono/zod-openapi';
import { ForbiddenError } from '../../../common/src/errors/index.ts';

/** A JSON response entry of an OpenAPI route. */
export const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });

/** A required JSON request body of an OpenAPI route. */
export const body = <T extends z.ZodType>(schema: T) => ({ body: { content: { 'application/json': { schema } }, required: true } });

/** The signed-in staff member's clinic; clinic-wide settings belong to one. */
export function clinicOf(clinicId: string | null): string {
  if (!clinicId) throw new ForbiddenError('your account belongs to no clinic');
  return clinicId;
}
