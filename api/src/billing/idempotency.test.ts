import { describe, expect, it } from 'vitest';
import { canonicalJson, requestFingerprint } from './idempotency.ts';

describe('request fingerprints', () => {
  it('ignore key order at every level', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: 'x' } })).toBe('{"a":{"c":"x","d":[1,{"x":1,"y":2}]},"b":1}');
    expect(requestFingerprint({ amountCents: 500, token: 't' })).toBe(requestFingerprint({ token: 't', amountCents: 500 }));
  });

  it('differ when any value differs, and drop undefined members like JSON does', () => {
    expect(requestFingerprint({ amountCents: 500 })).not.toBe(requestFingerprint({ amountCents: 501 }));
    expect(requestFingerprint({ a: 1, b: undefined })).toBe(requestFingerprint({ a: 1 }));
    expect(requestFingerprint({ a: null })).not.toBe(requestFingerprint({}));
    expect(requestFingerprint('500')).not.toBe(requestFingerprint(500));
  });
});
