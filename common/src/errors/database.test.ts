import { describe, expect, it } from 'vitest';
import { fromDatabaseError } from './database.ts';
import { ConflictError, UnprocessableError } from './index.ts';

/** An error shaped like pg's DatabaseError. */
const pgError = (code: string, extra: Record<string, unknown> = {}) => Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { severity: 'ERROR', code, ...extra });

describe('fromDatabaseError', () => {
  it('makes a data exception (a NUL in text, an integer overflow) a 422 without the database message', () => {
    for (const code of ['22021', '22003', '22008', '22P05']) {
      const e = fromDatabaseError(pgError(code));
      expect(e).toBeInstanceOf(UnprocessableError);
      expect(e?.status).toBe(422);
      expect(e?.message).not.toContain('0x00');
    }
  });

  it('makes unique, exclusion and foreign-key violations 409, other constraint violations 422', () => {
    expect(fromDatabaseError(pgError('23505', { constraint: 'users_email_key' }))).toBeInstanceOf(ConflictError);
    expect(fromDatabaseError(pgError('23505', { constraint: 'users_email_key' }))?.extra).toEqual({ constraint: 'users_email_key' });
    expect(fromDatabaseError(pgError('23P01'))?.status).toBe(409);
    expect(fromDatabaseError(pgError('23503'))?.status).toBe(409);
    expect(fromDatabaseError(pgError('23514'))?.status).toBe(422);
    expect(fromDatabaseError(pgError('23502'))?.status).toBe(422);
  });

  it('leaves every other error alone (a 500)', () => {
    expect(fromDatabaseError(pgError('57P01'))).toBeUndefined(); // admin shutdown
    expect(fromDatabaseError(pgError('42P01'))).toBeUndefined(); // undefined table: a bug
    expect(fromDatabaseError(new Error('boom'))).toBeUndefined();
    expect(fromDatabaseError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBeUndefined();
  });
});
