import type { z } from '@hono/zod-openapi';

/**
 * createRoute pieces for JSON, so a route declares its schemas once and OpenAPI, validation and
 * the handler's types all come from them.
 */

/** A JSON response described for OpenAPI. */
export const jsonContent = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });

/** A required JSON request body. */
export const jsonBody = <T extends z.ZodType>(schema: T) => ({ body: { content: { 'application/json': { schema } }, required: true } });
