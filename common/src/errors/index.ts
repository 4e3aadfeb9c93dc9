/**
 * Typed application errors. Routes throw these; one place (api/src/http/problem.ts) turns
 * them into RFC 9457 problem+json responses. `type` is the problem type URI suffix.
 */
export abstract class AppError extends Error {
  abstract readonly status: number;
  abstract readonly type: string;
  /** Extra members for the problem document (never PHI). */
  readonly extra: Record<string, unknown>;
  constructor(message: string, opts: { cause?: unknown; extra?: Record<string, unknown> } = {}) {
    super(message, { cause: opts.cause });
    this.extra = opts.extra ?? {};
  }
}

export class ValidationError extends AppError {
  override name = 'ValidationError';
  readonly status = 400;
  readonly type = 'validation-error';
  constructor(message: string, readonly errors: Array<{ path: string; message: string }> = []) {
    super(message, { extra: { errors } });
  }
}

export class UnauthenticatedError extends AppError {
  override name = 'UnauthenticatedError';
  readonly status = 401;
  readonly type = 'unauthenticated';
}

export class ForbiddenError extends AppError {
  override name = 'ForbiddenError';
  readonly status = 403;
  readonly type = 'forbidden';
}

export class NotFoundError extends AppError {
  override name = 'NotFoundError';
  readonly status = 404;
  readonly type = 'not-found';
}

export class ConflictError extends AppError {
  override name = 'ConflictError';
  readonly status = 409;
  readonly type = 'conflict';
}

/** Well-formed input the server cannot store or act on (e.g. text PostgreSQL refuses). */
export class UnprocessableError extends AppError {
  override name = 'UnprocessableError';
  readonly status = 422;
  readonly type = 'unprocessable';
}

export class PayloadTooLargeError extends AppError {
  override name = 'PayloadTooLargeError';
  readonly status = 413;
  readonly type = 'payload-too-large';
}

export class UnsupportedMediaTypeError extends AppError {
  override name = 'UnsupportedMediaTypeError';
  readonly status = 415;
  readonly type = 'unsupported-media-type';
}

export class RateLimitedError extends AppError {
  override name = 'RateLimitedError';
  readonly status = 429;
  readonly type = 'rate-limited';
  constructor(message: string, readonly retryAfterS: number) {
    super(message, { extra: { retryAfter: retryAfterS } });
  }
}

export class UnavailableError extends AppError {
  override name = 'UnavailableError';
  readonly status = 503;
  readonly type = 'unavailable';
}
