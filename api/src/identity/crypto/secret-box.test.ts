import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretBoxError, derivedKeyring, openSecret, parseKeyring, sealSecret } from './secret-box.ts';

const b64 = () => randomBytes(32).toString('base64');

describe('secret box', () => {
  const ring = parseKeyring(`k2:${b64()},k1:${b64()}`);

  it('round-trips and never stores the plaintext', () => {
    const sealed = sealSecret('JBSWY3DPEHPK3PXP', ring, 'user-1');
    expect(sealed).toMatch(/^v1\.k2\./);
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(openSecret(sealed, ring, 'user-1')).toEqual({ plaintext: 'JBSWY3DPEHPK3PXP', stale: false });
    expect(sealSecret('JBSWY3DPEHPK3PXP', ring, 'user-1')).not.toBe(sealed);
  });

  it('refuses a value moved to another record or altered', () => {
    const sealed = sealSecret('JBSWY3DPEHPK3PXP', ring, 'user-1');
    expect(() => openSecret(sealed, ring, 'user-2')).toThrow(SecretBoxError);
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3]!, 'base64url');
    for (const at of [0, body.length - 1]) {
      const altered = Buffer.from(body);
      altered[at]! ^= 0x01; // one bit of the ciphertext, then of the tag
      expect(() => openSecret([...parts.slice(0, 3), altered.toString('base64url')].join('.'), ring, 'user-1')).toThrow(SecretBoxError);
    }
  });

  it('rotates: old keys open and report stale, unknown keys are refused', () => {
    const old = parseKeyring(`k1:${ring.keys[1]!.key.toString('base64')}`);
    const sealedOld = sealSecret('S', old, 'u');
    expect(openSecret(sealedOld, ring, 'u')).toEqual({ plaintext: 'S', stale: true });
    expect(() => openSecret(sealSecret('S', ring, 'u'), old, 'u')).toThrow(/no key "k2"/);
  });

  it('treats legacy plaintext as stale', () => {
    expect(openSecret('JBSWY3DPEHPK3PXP', ring, 'u')).toEqual({ plaintext: 'JBSWY3DPEHPK3PXP', stale: true });
  });

  it('parses keyrings strictly', () => {
    expect(() => parseKeyring('')).toThrow(/no keys/);
    expect(() => parseKeyring('nokey')).toThrow(/key 1/);
    expect(() => parseKeyring(`a:${randomBytes(16).toString('base64')}`)).toThrow(/32 bytes/);
    expect(() => parseKeyring(`a:${b64()},a:${b64()}`)).toThrow(/unique/);
    expect(parseKeyring(`a:${randomBytes(32).toString('base64url')}`).keys[0]!.key.length).toBe(32);
  });

  it('derives a stable key from a server secret', () => {
    const s = 'x'.repeat(40);
    const sealed = sealSecret('S', derivedKeyring(s, 'totp'), 'u');
    expect(openSecret(sealed, derivedKeyring(s, 'totp'), 'u').plaintext).toBe('S');
    expect(() => openSecret(sealed, derivedKeyring(s, 'other'), 'u')).toThrow(SecretBoxError);
    expect(() => derivedKeyring('short', 'totp')).toThrow();
  });
});
