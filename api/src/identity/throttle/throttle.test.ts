import { describe, expect, it } from 'vitest';
import { throttleKey } from './throttle.ts';

describe('throttleKey', () => {
  it('folds case and spaces, so one account has one lockout', () => {
    expect(throttleKey('login-account', ' Ann@Example.org')).toBe(throttleKey('login-account', 'ann@example.org'));
  });

  it('keeps kinds apart and stores no identifier in the clear', () => {
    const key = throttleKey('activation-mrn', 'MRN-100001');
    expect(key).toMatch(/^activation-mrn:[0-9a-f]{40}$/);
    expect(key).not.toContain('100001');
    expect(throttleKey('login-client', '10.0.0.1')).not.toBe(throttleKey('activation-client', '10.0.0.1'));
  });
});
