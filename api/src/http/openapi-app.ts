import { OpenAPIHono } from '@hono/zod-openapi';
import { ValidationError } from '../../../common/src/errors/index.ts';
import { zodProblemErrors } from './problem.ts';
import type { ZodError } from 'zod';
import type { AppVariables } from './env.ts';

/**
 * An OpenAPIHono whose validation failures throw ValidationError, so the one error handler
 * renders them as problem+json like every other error. Every feature router is built with it.
 */
export function createRouter() {
  return new OpenAPIHono<{ Variables: AppVariables }>({
    defaultHook: (result) => {
      if (!result.success) {
        throw new ValidationError('the request is not valid', zodProblemErrors(result.error as unknown as ZodError));
      }
    },
  });
}
