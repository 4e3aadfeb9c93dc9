import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CODE_ALPHABET, formatCode, normaliseCode, randomCode } from './human-code.ts';

describe('human codes (Crockford base32)', () => {
  it('use 32 symbols without I, L, O or U', () => {
    expect(new Set(CODE_ALPHABET).size).toBe(32);
    expect(CODE_ALPHABET).not.toMatch(/[ILOU]/);
  });

  it('draw every symbol (no character is favoured enough to be missing)', () => {
    expect(new Set(randomCode(4_000)).size).toBe(32);
  });

  it('normalise case, separators and look-alike letters', () => {
    expect(normaliseCode(' ab-cd o i l ')).toBe('ABCD011');
    expect(normaliseCode('abc!')).toBeNull();
    expect(normaliseCode('abcu')).toBeNull();
  });

  it('format into dash-separated groups', () => {
    expect(formatCode('ABCD2345WXYZ', 4)).toBe('ABCD-2345-WXYZ');
    expect(formatCode('ABCDE12345', 5)).toBe('ABCDE-12345');
    expect(formatCode('', 4)).toBe('');
  });

  it('round-trip through formatting and lower case (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 6 }), (length, group) => {
        const code = randomCode(length);
        return normaliseCode(formatCode(code, group).toLowerCase()) === code;
      }),
    );
  });
});
