import { describe, expect, it } from 'vitest';
import { sessionCookieOptions } from './session-cookie.ts';

describe('sessionCookieOptions', () => {
  it('is http-only, SameSite=Lax and whole-site', () => {
    expect(sessionCookieOptions('http://localhost:3000', 60)).toEqual({ httpOnly: true, sameSite: 'Lax', secure: false, path: '/', maxAge: 60 });
  });

  it('is Secure exactly when the public origin is https', () => {
    expect(sessionCookieOptions('https://portal.example.org').secure).toBe(true);
    expect(sessionCookieOptions('http://portal.example.org').secure).toBe(false);
  });
});
