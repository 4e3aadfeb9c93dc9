import { describe, expect, it } from 'vitest';
import { isSuspectValue } from './evaluation-priority.ts';

describe('suspect values (evaluated first)', () => {
  it.each([
    ['glucose', 79.9, true],
    ['glucose', 80, false],
    ['glucose', 199.9, false],
    ['glucose', 200, true],
    ['glucose', 53, true],
    ['systolic', 139, false],
    ['systolic', 140, true],
    ['diastolic', 89, false],
    ['diastolic', 90, true],
    ['spo2', 94, false],
    ['spo2', 93.9, true],
    ['weight', 150, false],
    ['heart_rate', 180, false],
  ])('%s %d → %s', (metric, value, suspect) => {
    expect(isSuspectValue(metric, value)).toBe(suspect);
  });
});
