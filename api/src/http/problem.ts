import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ZodError } from 'zod';
import { fromDatabaseError } from '../../../common/src/errors/database.ts';
import { AppError, ValidationError } from '../../../common/src/errors/index.ts';
import type { Logger } from '../../../common/src/logger.ts';

export const PROBLEM_BASE = 'https://vitals.example.org/problems/';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  [k: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function problemResponse(c: Context, p: Problem, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(p), {
    status: p.status,
    headers: { 'content-type': 'application/problem+json', ...headers },
  });
}

export function zodProblemErrors(err: ZodError): Array<{ path: string; message: string }> {
  return err.issues.map((i) => ({ path: i.path.join('.') || '(body)', message: i.message }));
}

/** The one place errors become HTTP responses (RFC 9457). Unknown errors are 500 and logged. */
export function problemErrorHandler(logger: Logger): ErrorHandler {
  const appProblem = (c: Context, err: AppError, instance: string) => {
    const headers: Record<string, string> = {};
    if (typeof err.extra.retryAfter === 'number') headers['retry-after'] = String(err.extra.retryAfter);
    return problemResponse(c, { type: PROBLEM_BASE + err.type, title: TITLES[err.status] ?? 'Error', status: err.status, detail: err.message, instance, ...err.extra }, headers);
  };
  return (err, c) => {
    const instance = c.req.path;
    if (err instanceof AppError) return appProblem(c, err, instance);
    if (err instanceof ZodError) {
      const v = new ValidationError('the request is not valid', zodProblemErrors(err));
      return problemResponse(c, { type: PROBLEM_BASE + v.type, title: TITLES[400]!, status: 400, detail: v.message, instance, errors: v.errors });
    }
    if (err instanceof HTTPException) {
      // Hono raises these for malformed JSON bodies and the body-limit middleware
      const status = err.status;
      return problemResponse(c, { type: PROBLEM_BASE + 'http-' + status, title: TITLES[status] ?? 'Error', status, detail: err.message || TITLES[status], instance });
    }
    // input the database refused (a NUL in text, a number beyond its column, a duplicate): 409/422
    const refused = fromDatabaseError(err);
    if (refused) {
      logger.warn({ code: (err as { code?: string }).code, path: instance, method: c.req.method }, 'database refused request data');
      return appProblem(c, refused, instance);
    }
    logger.error({ err, path: instance, method: c.req.method }, 'unhandled error');
    return problemResponse(c, { type: PROBLEM_BASE + 'internal', title: TITLES[500]!, status: 500, detail: 'an unexpected error occurred', instance });
  };
}

export const problemNotFound: NotFoundHandler = (c) =>
  problemResponse(c, { type: PROBLEM_BASE + 'not-found', title: TITLES[404]!, status: 404, detail: 'no such resource', instance: c.req.path });
