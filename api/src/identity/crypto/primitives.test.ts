import { describe, expect, it } from 'vitest';
import { WeakSecretError } from './errors.ts';
import { hmacSha256, randomBase64Url, requireSecret, sha256Hex } from './primitives.ts';

describe('primitives', () => {
  it('hash with SHA-256 and HMAC-SHA256 (FIPS 180-2 and RFC 4231 vectors)', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    // RFC 4231 §4.3, test case 2.
    expect(hmacSha256('Jefe', 'what do ya want for nothing?').toString('hex')).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });

  it('make base64url randomness of the asked size', () => {
    const value = randomBase64Url(32);
    expect(value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(randomBase64Url(32)).not.toBe(value);
  });

  it('refuse secrets shorter than 32 bytes, counting UTF-8 bytes', () => {
    expect(() => requireSecret('x'.repeat(31), 'test secret')).toThrow(WeakSecretError);
    expect(() => requireSecret(new Uint8Array(31), 'test secret')).toThrow(/test secret must be at least 32 bytes/);
    expect(() => requireSecret('é'.repeat(16), 'test secret')).not.toThrow();
    expect(() => requireSecret(new Uint8Array(32), 'test secret')).not.toThrow();
  });
});
