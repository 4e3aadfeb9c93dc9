import { describe, expect, it } from 'vitest';
import { CodeFormatError, IdentityCryptoError, PasswordHashFormatError, WeakSecretError } from './errors.ts';

describe('identity crypto errors', () => {
  it('carry their own class name, message and cause, and share a base class', () => {
    const cause = new Error('decoding failed');
    const error = new PasswordHashFormatError('bad hash', { cause });
    expect(error.name).toBe('PasswordHashFormatError');
    expect(error.message).toBe('bad hash');
    expect(error.cause).toBe(cause);
    expect(error).toBeInstanceOf(IdentityCryptoError);
    expect(new CodeFormatError('x').name).toBe('CodeFormatError');
  });

  it('say which secret is too short and by how much', () => {
    const error = new WeakSecretError('CSRF secret', 12);
    expect(error).toMatchObject({ name: 'WeakSecretError', what: 'CSRF secret', bytes: 12 });
    expect(error.message).toBe('CSRF secret must be at least 32 bytes (256 bits); got 12');
  });
});
