import { describe, expect, it } from 'vitest';
import { ConflictError } from '../../../common/src/errors/index.ts';
import { ASSISTANCE_STATUSES, assistanceStatus } from './assistance-status.ts';

describe('financial assistance state machine', () => {
  it('reviews, then decides once', () => {
    expect(assistanceStatus.can('submitted', 'under_review')).toBe(true);
    expect(assistanceStatus.can('submitted', 'approved')).toBe(true);
    expect(assistanceStatus.can('under_review', 'denied')).toBe(true);
    expect(() => assistanceStatus.assert('under_review', 'submitted')).toThrow(ConflictError);
    expect(() => assistanceStatus.assert('approved', 'denied')).toThrow(ConflictError);
    expect(ASSISTANCE_STATUSES.filter(assistanceStatus.isFinal)).toEqual(['approved', 'denied']);
  });
});
