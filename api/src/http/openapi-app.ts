import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { ValidationError } from '../../../common/src/errors/index.ts';
import { zodProblemErrors } from './problem.ts';
import type { ZodError } from 'zod';
import type { AppVariables } from './env.ts';

type Router = OpenAPIHono<{ Variables: AppVariables }>;

/**
 * An OpenAPIHono whose validation failures throw ValidationError, so the one error handler
 * renders them as problem+json like every other error. Every feature router is built with it.
 */
export function createRouter() {
  const app: Router = new OpenAPIHono<{ Variables: AppVariables }>({
    defaultHook: (result) => {
      if (!result.success) {
        throw new ValidationError('the request is not valid', zodProblemErrors(result.error as unknown as ZodError));
      }
    },
  });
  const register = app.openapi;
  app.openapi = ((route: Parameters<Router['openapi']>[0], handler: (c: Context) => unknown, hook?: unknown) =>
    register(route, validateMissingOptionalBody(route, handler) as never, hook as never)) as Router['openapi'];
  return app;
}

interface ParsesBodies {
  safeParseAsync(v: unknown): Promise<{ success: true; data: unknown } | { success: false; error: unknown }>;
}

/**
 * @hono/zod-openapi hands the handler of an optional JSON body `{}` without validating it when a
 * request has no body at all; so `{}` is validated here like any body: a schema with required
 * fields answers 400 instead of its handler meeting missing fields (a 500, issue #11), and the
 * schema's defaults apply. A body with another content type is already refused (415).
 */
function validateMissingOptionalBody(route: Parameters<Router['openapi']>[0], handler: (c: Context) => unknown): (c: Context) => unknown {
  const body = route.request?.body;
  const media = body?.content?.['application/json'];
  const schema = (media && 'schema' in media ? media.schema : undefined) as Partial<ParsesBodies> | undefined;
  if (!body || body.required || typeof schema?.safeParseAsync !== 'function') return handler;
  const parse = schema.safeParseAsync.bind(schema);
  return async (c) => {
    if (!c.req.header('content-type')) {
      const r = await parse({});
      if (!r.success) throw new ValidationError('the request is not valid', zodProblemErrors(r.error as ZodError));
      c.req.addValidatedData('json', r.data as object);
    }
    return handler(c);
  };
}
