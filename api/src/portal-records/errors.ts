import { AppError } from '../../../common/src/errors/index.ts';

/**
 * 422: the request is well-formed but cannot be honoured as it stands (answers that do not fit
 * the questionnaire, an Idempotency-Key reused with another body, a payment above the balance).
 * RFC 9110 §15.5.21. `errors` lists what to fix, like a 400's.
 */
export class UnprocessableError extends AppError {
  override name = 'UnprocessableError';
  readonly status = 422;
  readonly type: string;
  /**
   * @param opts.type - problem type suffix (default `unprocessable`)
   * @param opts.errors - what to fix, by request path
   * @param opts.extra - further problem members for the UI, e.g. `{ code: 'expired' }` (never PHI)
   */
  constructor(message: string, opts: { type?: string; errors?: Array<{ path: string; message: string }>; extra?: Record<string, unknown> } = {}) {
    super(message, { extra: { ...opts.extra, ...(opts.errors ? { errors: opts.errors } : {}) } });
    this.type = opts.type ?? 'unprocessable';
  }
}
