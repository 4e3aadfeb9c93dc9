import { AppError, ConflictError, UnprocessableError } from './index.ts';

/** The fields of a PostgreSQL error (pg's DatabaseError) that say what kind of failure it was. */
interface PgErrorLike {
  code: string;
  severity: string;
  constraint?: string;
}

const isPgError = (err: unknown): err is PgErrorLike => {
  const e = err as Partial<PgErrorLike> | null;
  return err instanceof Error && typeof e?.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) && typeof e.severity === 'string';
};

/**
 * The typed error for a PostgreSQL error that request data caused, or undefined for any other
 * error (those stay 500s). SQLSTATE class 22 (data exception: a NUL in text, a number beyond its
 * column, a date beyond the timestamp range) is 422; a unique or exclusion violation, or a
 * reference to or from a missing row (class 23), is 409; a NOT NULL or CHECK violation is 422.
 * The database's message is not passed on: it may quote the value (PHI). Issue #11.
 *
 * @see https://www.postgresql.org/docs/current/errcodes-appendix.html
 */
export function fromDatabaseError(err: unknown): AppError | undefined {
  if (!isPgError(err)) return undefined;
  const extra = err.constraint ? { constraint: err.constraint } : {};
  if (err.code.startsWith('22')) return new UnprocessableError('a value in the request cannot be stored', { cause: err, extra });
  if (['23505', '23P01', '23503'].includes(err.code)) return new ConflictError('the request conflicts with existing data', { cause: err, extra });
  if (err.code.startsWith('23')) return new UnprocessableError('the request breaks a rule of the stored data', { cause: err, extra });
  return undefined;
}
