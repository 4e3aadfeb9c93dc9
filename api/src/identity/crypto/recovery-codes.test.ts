import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CodeFormatError, WeakSecretError } from './errors.ts';
import {
  RECOVERY_CODE_BITS,
  consumeRecoveryCode,
  generateRecoveryCodes,
  hashRecoveryCode,
} from './recovery-codes.ts';

const PEPPER = 'test-pepper-0123456789abcdef0123456789abcdef';

describe('generateRecoveryCodes', () => {
  it('makes ten distinct xxxx-xxxx-xxxx codes of at least 60 bits by default', () => {
    const codes = generateRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[0-9a-hjkmnp-tv-z]{4}(-[0-9a-hjkmnp-tv-z]{4}){2}$/);
    expect(RECOVERY_CODE_BITS).toBeGreaterThanOrEqual(60);
  });

  it('never uses the ambiguous letters i, l, o or u', () => {
    expect(generateRecoveryCodes(200).join('')).not.toMatch(/[ilou]/);
  });

  it('makes as many as asked', () => {
    expect(generateRecoveryCodes(3)).toHaveLength(3);
  });
});

describe('hashRecoveryCode', () => {
  it('depends on the pepper, not on case or separators', () => {
    const [code] = generateRecoveryCodes(1) as [string];
    const hash = hashRecoveryCode(code, PEPPER);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hashRecoveryCode(code.toUpperCase().replace(/-/g, ' '), PEPPER)).toBe(hash);
    expect(hashRecoveryCode(code, PEPPER + 'x')).not.toBe(hash);
  });

  it('refuses a short pepper and a malformed code', () => {
    expect(() => hashRecoveryCode('abcd-efgh-jkmn', 'short')).toThrow(WeakSecretError);
    expect(() => hashRecoveryCode('abcd-efgh', PEPPER)).toThrow(CodeFormatError);
  });
});

describe('consumeRecoveryCode', () => {
  const codes = generateRecoveryCodes();
  const stored = codes.map((c) => hashRecoveryCode(c, PEPPER));

  it('returns the index of the matching code', () => {
    codes.forEach((code, index) => expect(consumeRecoveryCode(stored, code, PEPPER)).toBe(index));
  });

  it('normalises case, dashes, spaces and look-alike letters', () => {
    const code = '0k1m-9qx2-ab4d';
    const hashes = [hashRecoveryCode(code, PEPPER)];
    for (const typed of ['0K1M9QX2AB4D', ' 0k1m 9qx2 ab4d ', 'ok1m-9qx2-ab4d', 'OKIM-9QX2-AB4D', '0kLm-9qx2-ab4d']) {
      expect(consumeRecoveryCode(hashes, typed, PEPPER)).toBe(0);
    }
  });

  it('returns null for an unknown, malformed or empty input', () => {
    expect(consumeRecoveryCode(stored, generateRecoveryCodes(1)[0]!, PEPPER)).toBeNull();
    expect(consumeRecoveryCode(stored, 'not a code!', PEPPER)).toBeNull();
    expect(consumeRecoveryCode(stored, codes[0]!.slice(0, 9), PEPPER)).toBeNull();
    expect(consumeRecoveryCode(stored, '', PEPPER)).toBeNull();
    expect(consumeRecoveryCode([], codes[0]!, PEPPER)).toBeNull();
  });

  it('does not match a code once the caller has removed its hash', () => {
    const remaining = [...stored];
    const index = consumeRecoveryCode(remaining, codes[3]!, PEPPER);
    expect(index).toBe(3);
    remaining.splice(index!, 1);
    expect(consumeRecoveryCode(remaining, codes[3]!, PEPPER)).toBeNull();
    expect(consumeRecoveryCode(remaining, codes[4]!, PEPPER)).toBe(3);
  });

  it('does not match under another pepper', () => {
    expect(consumeRecoveryCode(stored, codes[0]!, PEPPER.toUpperCase())).toBeNull();
  });

  it('matches exactly the generated codes (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (typed) => {
        const index = consumeRecoveryCode(stored, typed, PEPPER);
        expect(index === null || hashRecoveryCode(typed, PEPPER) === stored[index]).toBe(true);
      }),
    );
  });
});
