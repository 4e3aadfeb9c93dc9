import { describe, expect, it } from 'vitest';
import { decideLadder, LadderConfigError, validateLadder, type LadderStep } from './ladder.ts';

const H = 3_600_000;
const T0 = Date.parse('2026-06-01T00:00:00Z');
const STEPS: LadderStep[] = [
  { step: 1, action: 'patient_nudge', afterHours: 48 },
  { step: 2, action: 'nurse_task', afterHours: 72 },
  { step: 3, action: 'lead_escalation', afterHours: 120 },
];
/** Observation with the last reading at T0 and the clock `hours` later. */
const at = (hours: number, lastReadingAt: number | null = T0) => ({ lastReadingAt, enrolledAt: T0 - 30 * 24 * H, now: T0 + hours * H });
const steps = (d: { due: LadderStep[] }) => d.due.map((s) => s.step);

describe('adherence ladder transitions', () => {
  it('does nothing before the first step is due; 47:59 is not 48 h', () => {
    expect(decideLadder(null, { ...at(48), now: T0 + 48 * H - 1 }, STEPS)).toEqual({ cancel: false, gapSince: T0, due: [] });
    expect(steps(decideLadder(null, at(48), STEPS))).toEqual([1]);
  });

  it('climbs one step at a time as hours pass, never repeating a step of the same gap', () => {
    const run = { gapSince: T0, fired: [1] };
    expect(steps(decideLadder(run, at(71), STEPS))).toEqual([]);
    expect(steps(decideLadder(run, at(72), STEPS))).toEqual([2]);
    expect(steps(decideLadder({ gapSince: T0, fired: [1, 2] }, at(130), STEPS))).toEqual([3]);
    expect(steps(decideLadder({ gapSince: T0, fired: [1, 2, 3] }, at(500), STEPS))).toEqual([]);
  });

  it('fires every overdue step in order after an outage', () => {
    expect(steps(decideLadder(null, at(200), STEPS))).toEqual([1, 2, 3]);
  });

  it('a reading after the gap began cancels the run; the next gap starts again at step 1', () => {
    const run = { gapSince: T0, fired: [1] };
    const reading = T0 + 60 * H;
    expect(decideLadder(run, { ...at(80), lastReadingAt: reading }, STEPS)).toEqual({ cancel: true, gapSince: reading, due: [] });
    expect(steps(decideLadder(null, { ...at(0), lastReadingAt: reading, now: reading + 48 * H }, STEPS))).toEqual([1]);
  });

  it('a late upload measured during the gap shortens it and cancels too', () => {
    const d = decideLadder({ gapSince: T0, fired: [1, 2] }, at(80, T0 + 30 * H), STEPS);
    expect(d.cancel).toBe(true);
    expect(steps(d)).toEqual([1]); // 50 h since the uploaded reading: the new gap's first step
  });

  it('does not judge a patient who never sent a reading', () => {
    expect(decideLadder(null, at(500, null), STEPS)).toEqual({ cancel: false, gapSince: null, due: [] });
  });

  it('counts the gap from the enrolment when the last reading is older', () => {
    const enrolledAt = T0 + 100 * H;
    expect(steps(decideLadder(null, { lastReadingAt: T0, enrolledAt, now: enrolledAt + 47 * H }, STEPS))).toEqual([]);
    expect(steps(decideLadder(null, { lastReadingAt: T0, enrolledAt, now: enrolledAt + 48 * H }, STEPS))).toEqual([1]);
  });
});

describe('ladder configuration', () => {
  it('sorts the steps and refuses hours that do not increase', () => {
    expect(validateLadder([STEPS[2]!, STEPS[0]!]).map((s) => s.step)).toEqual([1, 3]);
    expect(() => validateLadder([STEPS[0]!, { ...STEPS[1]!, afterHours: 48 }])).toThrow(LadderConfigError);
    expect(() => validateLadder([{ ...STEPS[0]!, afterHours: 0 }])).toThrow(LadderConfigError);
  });
});
