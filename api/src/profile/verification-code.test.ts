import { describe, expect, it } from 'vitest';
import { CODE_TTL_MINUTES, MAX_ATTEMPTS, checkCode, hashCode, newCode } from './verification-code.ts';

const now = new Date('2026-06-01T12:00:00Z');
const pending = (code: string, over: Partial<{ attempts: number; expiresAt: Date }> = {}) => ({ id: 'v-1', codeHash: hashCode('v-1', code), attempts: 0, expiresAt: new Date(now.getTime() + CODE_TTL_MINUTES * 60_000), ...over });

describe('verification codes', () => {
  it('are six digits, leading zeros kept', () => {
    for (let i = 0; i < 200; i++) expect(newCode()).toMatch(/^\d{6}$/);
  });

  it('hash differently per verification, so the hash does not reveal equal codes', () => {
    expect(hashCode('v-1', '123456')).not.toBe(hashCode('v-2', '123456'));
    expect(hashCode('v-1', '123456')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('accept the right code only, before expiry and within the attempt limit', () => {
    expect(checkCode(pending('123456'), '123456', now)).toBe('ok');
    expect(checkCode(pending('123456'), '123457', now)).toBe('wrong');
    expect(checkCode(pending('123456', { expiresAt: now }), '123456', now)).toBe('expired');
    expect(checkCode(pending('123456', { attempts: MAX_ATTEMPTS - 1 }), '123456', now)).toBe('ok');
    expect(checkCode(pending('123456', { attempts: MAX_ATTEMPTS }), '123456', now)).toBe('too_many_attempts');
  });
});
