import { describe, expect, it } from 'vitest';
import { ConflictError } from '../../../common/src/errors/index.ts';
import { OPEN_REFILL_STATUSES, REFILL_STATUSES, refillStatus, type RefillStatus } from './refill-status.ts';

const legal: Array<[RefillStatus, RefillStatus]> = [
  ['requested', 'approved'],
  ['requested', 'denied'],
  ['approved', 'sent_to_pharmacy'],
];

describe('refill request state machine', () => {
  it.each(legal)('%s → %s is allowed', (from, to) => {
    expect(() => refillStatus.assert(from, to)).not.toThrow();
  });

  it('refuses every other move with a 409', () => {
    const illegal = REFILL_STATUSES.flatMap((from) => REFILL_STATUSES.map((to) => [from, to] as const)).filter(([f, t]) => !legal.some(([a, b]) => a === f && b === t));
    expect(illegal).toHaveLength(REFILL_STATUSES.length ** 2 - legal.length);
    for (const [from, to] of illegal) expect(() => refillStatus.assert(from, to)).toThrow(ConflictError);
  });

  it('cannot skip approval, undo a denial or re-send', () => {
    expect(refillStatus.can('requested', 'sent_to_pharmacy')).toBe(false);
    expect(refillStatus.can('denied', 'approved')).toBe(false);
    expect(refillStatus.can('sent_to_pharmacy', 'sent_to_pharmacy')).toBe(false);
  });

  it('treats requested and approved as open', () => {
    expect(OPEN_REFILL_STATUSES).toEqual(['requested', 'approved']);
  });
});
