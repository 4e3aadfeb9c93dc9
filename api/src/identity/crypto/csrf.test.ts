import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCsrfToken, verifyCsrfToken } from './csrf.ts';
import { CsrfSessionError, WeakSecretError } from './errors.ts';
import { createToken } from './tokens.ts';

const SECRET = Buffer.alloc(32, 7);
const OTHER_SECRET = Buffer.alloc(32, 8);

describe('CSRF tokens', () => {
  const session = createToken('session');

  it('verify for the session and secret they were made for', () => {
    const token = createCsrfToken(session, SECRET);
    expect(token).toMatch(/^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
    expect(verifyCsrfToken(session, token, SECRET)).toBe(true);
  });

  it('differ every time, and each verifies', () => {
    const a = createCsrfToken(session, SECRET);
    const b = createCsrfToken(session, SECRET);
    expect(a).not.toBe(b);
    expect(verifyCsrfToken(session, b, SECRET)).toBe(true);
  });

  it('do not verify for another session or secret', () => {
    const token = createCsrfToken(session, SECRET);
    expect(verifyCsrfToken(createToken('session'), token, SECRET)).toBe(false);
    expect(verifyCsrfToken(session, token, OTHER_SECRET)).toBe(false);
  });

  it('do not verify when altered or malformed', () => {
    const token = createCsrfToken(session, SECRET);
    const [nonce, tag] = token.split('.') as [string, string];
    const flipped = (s: string) => (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
    for (const bad of [`${flipped(nonce)}.${tag}`, `${nonce}.${flipped(tag)}`, nonce, `${token}.x`, '', '.', `${tag}.${nonce}`]) {
      expect(verifyCsrfToken(session, bad, SECRET)).toBe(false);
    }
    expect(verifyCsrfToken('', token, SECRET)).toBe(false);
  });

  it('never verify an arbitrary string (property)', () => {
    fc.assert(fc.property(fc.string(), (token) => !verifyCsrfToken(session, token, SECRET)));
  });

  it('refuse a short secret and an empty session id', () => {
    expect(() => createCsrfToken(session, 'too-short')).toThrow(WeakSecretError);
    expect(() => verifyCsrfToken(session, 'a.b', Buffer.alloc(31))).toThrow(WeakSecretError);
    expect(() => createCsrfToken('', SECRET)).toThrow(CsrfSessionError);
  });
});
