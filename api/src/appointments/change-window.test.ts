import { describe, expect, it } from 'vitest';
import { assertInsideChangeWindow, CallTheClinicError, onlineChangeDeadline } from './change-window.ts';

const startsAt = new Date('2026-06-10T14:00:00Z');
const visit = { startsAt, cutoffHours: 24, phone: '+1 555 010 2000' };

describe('online change window', () => {
  it('ends the cutoff before the visit', () => {
    expect(onlineChangeDeadline(startsAt, 24).toISOString()).toBe('2026-06-09T14:00:00.000Z');
    expect(onlineChangeDeadline(startsAt, 0).toISOString()).toBe(startsAt.toISOString());
  });

  it('lets a patient change up to the deadline, not a moment after', () => {
    expect(() => assertInsideChangeWindow('patient', visit, new Date('2026-06-09T14:00:00Z'))).not.toThrow();
    expect(() => assertInsideChangeWindow('patient', visit, new Date('2026-06-09T14:00:00.001Z'))).toThrow(CallTheClinicError);
  });

  it('tells the patient to call the clinic, with its number', () => {
    const err = (() => {
      try {
        assertInsideChangeWindow('patient', visit, new Date('2026-06-10T09:00:00Z'));
      } catch (e) {
        return e as CallTheClinicError;
      }
      throw new Error('expected a refusal');
    })();
    expect(err.status).toBe(409);
    expect(err.message).toMatch(/call the clinic at \+1 555 010 2000/);
    expect(err.extra).toEqual({ cutoffHours: 24, clinicPhone: '+1 555 010 2000' });
    expect(new CallTheClinicError(48, null).message).toMatch(/48 hours .* please call the clinic\.$/);
  });

  it('lets staff change at any time', () => {
    expect(() => assertInsideChangeWindow('staff', visit, new Date('2026-06-10T13:59:00Z'))).not.toThrow();
  });
});
