/**
 * Codes that people read and type: recovery codes and activation codes.
 *
 * Alphabet: Crockford's base32 (https://www.crockford.com/base32.html): digits and letters
 * without I, L, O and U. Printed codes therefore never contain a character that can be misread,
 * and typed ones forgive the usual slips: case is ignored, `O` reads as `0`, `I` and `L` read as
 * `1`, and spaces and dashes are dropped. With 32 symbols every character carries exactly 5 bits.
 */
import { randomFromAlphabet } from './primitives.ts';

/** Crockford base32 symbols, in canonical (upper) case. */
export const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Entropy of one code character, in bits (log2 32). */
export const BITS_PER_CODE_CHAR = 5;

const LOOKALIKES: Readonly<Record<string, string>> = { O: '0', I: '1', L: '1' };

/** `length` uniformly random code characters, canonical case, ungrouped. */
export function randomCode(length: number): string {
  return randomFromAlphabet(CODE_ALPHABET, length);
}

/**
 * Canonical form of a typed code: upper case, look-alikes mapped, separators removed.
 *
 * @returns the canonical code, or `null` when it holds a character outside the alphabet
 */
export function normaliseCode(input: string): string | null {
  const canonical = input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/[OIL]/g, (c) => LOOKALIKES[c] ?? c);
  return /^[0-9A-HJKMNP-TV-Z]*$/.test(canonical) ? canonical : null;
}

/**
 * Splits a canonical code into dash-separated groups for display.
 *
 * @example formatCode('ABCD2345WXYZ', 4) // 'ABCD-2345-WXYZ'
 */
export function formatCode(canonical: string, groupSize: number): string {
  return (canonical.match(new RegExp(`.{1,${groupSize}}`, 'g')) ?? []).join('-');
}
