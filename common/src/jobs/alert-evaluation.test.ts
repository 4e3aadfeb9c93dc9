import { describe, expect, it } from 'vitest';
import { EVALUATION_PRIORITY } from './evaluation-priority.ts';
import { LIVE_WINDOW_MS, alertEvaluationJobId, liveEvaluationDeduplicationId, liveJobCovers, planAlertEvaluation } from './alert-evaluation.ts';

const patientId = '00000000-0000-4000-8000-000000000101';
const now = Date.parse('2026-11-25T12:00:00Z');

describe('planAlertEvaluation', () => {
  it('coalesces live readings per patient, in a job whose id tells its window', () => {
    const plan = planAlertEvaluation({ patientId, readingIds: ['b', 'a'], from: now - 5_000 }, now);
    expect(plan.deduplicationId).toBe(liveEvaluationDeduplicationId(patientId));
    expect(plan.from.getTime()).toBeLessThan(now - 5_000);
    expect(plan.jobId).toBe(planAlertEvaluation({ patientId, readingIds: ['a', 'b'], from: now - 5_000 }, now + 1).jobId);
    expect(liveJobCovers(plan.jobId, now - 5_000)).toBe(true);
    expect(liveJobCovers(plan.jobId, plan.from.getTime())).toBe(true);
    expect(liveJobCovers(plan.jobId, plan.from.getTime() - 1)).toBe(false);
  });

  it('gives late readings a job of their own with their exact window', () => {
    const from = now - LIVE_WINDOW_MS - 1;
    const plan = planAlertEvaluation({ patientId, readingIds: ['a'], from }, now);
    expect(plan).toEqual({ from: new Date(from), jobId: alertEvaluationJobId(patientId, ['a']), priority: EVALUATION_PRIORITY.late });
  });

  it('puts a suspect batch in a job of its own ahead of every routine one, live or late', () => {
    for (const from of [now - 5_000, now - LIVE_WINDOW_MS - 1]) {
      const plan = planAlertEvaluation({ patientId, readingIds: ['a'], from, suspect: true }, now);
      expect(plan).toEqual({ from: new Date(from), jobId: alertEvaluationJobId(patientId, ['a']) });
    }
    expect(planAlertEvaluation({ patientId, readingIds: ['a'], from: now - 5_000 }, now).priority).toBe(EVALUATION_PRIORITY.live);
    expect(EVALUATION_PRIORITY.live).toBeLessThan(EVALUATION_PRIORITY.late);
  });

  it('covers nothing with a job id it did not make', () => {
    expect(liveJobCovers(alertEvaluationJobId(patientId, ['a']), now)).toBe(false);
    expect(liveJobCovers('17', now)).toBe(false);
  });
});
