import { describe, expect, it } from 'vitest';
import { apiSecretHeaderValue, createNightscoutSecret, credentialHash } from './nightscout-secret.ts';

describe('Nightscout secrets', () => {
  it('are long random strings with a recognisable prefix', () => {
    const a = createNightscoutSecret();
    expect(a).toMatch(/^vtns_[A-Za-z0-9_-]{43}$/);
    expect(createNightscoutSecret()).not.toBe(a);
  });

  it('hash to one stored value from the api-secret header (any case, or plain) and from the token', () => {
    const secret = createNightscoutSecret();
    const header = apiSecretHeaderValue(secret);
    expect(header).toMatch(/^[0-9a-f]{40}$/);
    const stored = credentialHash({ apiSecret: header });
    expect(credentialHash({ apiSecret: header.toUpperCase() })).toBe(stored);
    expect(credentialHash({ apiSecret: secret })).toBe(stored);
    expect(credentialHash({ token: secret })).toBe(stored);
    expect(stored).not.toContain(header);
    expect(credentialHash({ token: 'other' })).not.toBe(stored);
    expect(credentialHash({})).toBeNull();
  });

  it('match the SHA-1 hex Nightscout clients compute', () => {
    // sha1("abc"), RFC 3174 test vector
    expect(apiSecretHeaderValue('abc')).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
  });
});
