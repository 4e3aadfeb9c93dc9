import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../../common/src/errors/index.ts';
import { MAX_PROXY_GRANT_DAYS, assertGrantExpiry } from './policy.ts';

const now = new Date('2026-06-01T12:00:00Z');
const days = (n: number) => new Date(now.getTime() + n * 86_400_000);

describe('assertGrantExpiry', () => {
  it('accepts an expiry ahead, up to the maximum', () => {
    expect(() => assertGrantExpiry(days(1), now)).not.toThrow();
    expect(() => assertGrantExpiry(days(MAX_PROXY_GRANT_DAYS), now)).not.toThrow();
  });

  it('refuses now, the past, and beyond the maximum, naming the field', () => {
    for (const at of [now, days(-1), days(MAX_PROXY_GRANT_DAYS + 1)]) {
      expect(() => assertGrantExpiry(at, now)).toThrow(ValidationError);
      try {
        assertGrantExpiry(at, now);
      } catch (err) {
        expect((err as ValidationError).errors[0]!.path).toBe('expiresAt');
      }
    }
  });
});
