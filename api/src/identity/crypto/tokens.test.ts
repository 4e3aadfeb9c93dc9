import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CodeFormatError } from './errors.ts';
import type { ActivationRecord, TokenKind } from './tokens.ts';
import {
  TOKEN_PREFIXES,
  checkActivation,
  constantTimeEqual,
  createActivationCode,
  createToken,
  hashActivationCode,
  hashToken,
  isWellFormedToken,
} from './tokens.ts';

const KINDS = Object.keys(TOKEN_PREFIXES) as TokenKind[];

describe('createToken', () => {
  it.each(KINDS)('makes a prefixed 256-bit base64url %s token', (kind) => {
    const token = createToken(kind);
    expect(token.startsWith(TOKEN_PREFIXES[kind])).toBe(true);
    const body = token.slice(TOKEN_PREFIXES[kind].length);
    expect(Buffer.from(body, 'base64url')).toHaveLength(32);
    expect(isWellFormedToken(token, kind)).toBe(true);
    expect(createToken(kind)).not.toBe(token);
  });

  it('prefixes API tokens with vt_ and gateway tokens with vtgw_', () => {
    expect(createToken('api')).toMatch(/^vt_[A-Za-z0-9_-]{43}$/);
    expect(createToken('gateway')).toMatch(/^vtgw_[A-Za-z0-9_-]{43}$/);
  });

  it('tells machine token kinds apart and refuses malformed ones', () => {
    expect(isWellFormedToken(createToken('gateway'), 'api')).toBe(false);
    expect(isWellFormedToken(createToken('api'), 'gateway')).toBe(false);
    expect(isWellFormedToken('vt_short', 'api')).toBe(false);
    expect(isWellFormedToken(`vt_${'a'.repeat(42)}!`, 'api')).toBe(false);
  });
});

describe('hashToken', () => {
  it('is SHA-256 hex of the whole token, prefix included', () => {
    const token = createToken('gateway');
    expect(hashToken(token)).toBe(createHash('sha256').update(token).digest('hex'));
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('constantTimeEqual', () => {
  it('is equality, including for different lengths and bytes', () => {
    fc.assert(fc.property(fc.string(), fc.string(), (a, b) => constantTimeEqual(a, b) === (a === b)));
    expect(constantTimeEqual('abc', 'abc')).toBe(true);
    expect(constantTimeEqual('abc', 'abcd')).toBe(false);
    expect(constantTimeEqual(Buffer.from([1, 2]), Uint8Array.of(1, 2))).toBe(true);
  });
});

describe('activation codes', () => {
  it('are 10 unambiguous characters in two groups', () => {
    for (let i = 0; i < 50; i++) expect(createActivationCode()).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
  });

  it('hash the same whatever the case, separators and look-alikes', () => {
    expect(hashActivationCode('0K1M9-QX2AB')).toBe(hashActivationCode(' ok lm9qx2ab '));
    expect(() => hashActivationCode('ABC')).toThrow(CodeFormatError);
    expect(() => hashActivationCode('ABCDE-FGHU!')).toThrow(CodeFormatError);
  });
});

describe('checkActivation', () => {
  const code = createActivationCode();
  const now = new Date('2026-03-01T10:00:00Z');
  const record: ActivationRecord = {
    mrn: 'MRN-00042',
    dob: '1950-04-12',
    codeHash: hashActivationCode(code),
    expiresAt: new Date('2026-03-31T00:00:00Z'),
    usedAt: null,
  };
  const attempt = { record, mrn: 'MRN-00042', dob: '1950-04-12', code, now };

  it('accepts the right MRN, birth date and code', () => {
    expect(checkActivation(attempt)).toEqual({ ok: true });
    expect(checkActivation({ ...attempt, mrn: ' mrn-00042 ', code: code.toLowerCase().replace('-', ' ') })).toEqual({ ok: true });
  });

  it('gives the same "invalid" for a wrong MRN, birth date or code, or no record', () => {
    const invalid = { ok: false, reason: 'invalid' };
    expect(checkActivation({ ...attempt, mrn: 'MRN-00043' })).toEqual(invalid);
    expect(checkActivation({ ...attempt, dob: '1950-04-13' })).toEqual(invalid);
    expect(checkActivation({ ...attempt, code: createActivationCode() })).toEqual(invalid);
    expect(checkActivation({ ...attempt, code: 'garbage!' })).toEqual(invalid);
    expect(checkActivation({ ...attempt, record: null })).toEqual(invalid);
  });

  it('says "used" or "expired" only to someone who knew all three', () => {
    const used = { ...record, usedAt: new Date('2026-02-01T00:00:00Z') };
    const expired = { ...record, expiresAt: now };
    expect(checkActivation({ ...attempt, record: used })).toEqual({ ok: false, reason: 'used' });
    expect(checkActivation({ ...attempt, record: expired })).toEqual({ ok: false, reason: 'expired' });
    expect(checkActivation({ ...attempt, record: used, dob: '1950-01-01' })).toEqual({ ok: false, reason: 'invalid' });
    expect(checkActivation({ ...attempt, record: expired, mrn: 'X' })).toEqual({ ok: false, reason: 'invalid' });
  });

  it('reports "used" before "expired"', () => {
    const both = { ...record, usedAt: now, expiresAt: new Date(0) };
    expect(checkActivation({ ...attempt, record: both })).toEqual({ ok: false, reason: 'used' });
  });
});
