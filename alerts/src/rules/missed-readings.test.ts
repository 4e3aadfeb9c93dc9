import { describe, expect, it } from 'vitest';
import type { ScheduledInput } from './inputs.ts';
import { checkMissedReadings } from './missed-readings.ts';
import { defaultRule, hoursAgo, NOW, onlyCandidate, outcome, ruleWith } from './test-support.ts';

const rule = defaultRule('missed_readings', 'missed-readings');
const input = (lastReadingAt: ScheduledInput['lastReadingAt']): ScheduledInput => ({ lastReadingAt, gateways: [], devices: [] });

describe('missed-readings rule', () => {
  it('triggers at exactly 48 h without a reading, not a millisecond sooner', () => {
    expect(outcome(checkMissedReadings(rule, input({ glucose: hoursAgo(48) }), NOW))).toBe('low');
    expect(outcome(checkMissedReadings(rule, input({ glucose: new Date(hoursAgo(48).getTime() + 1) }), NOW))).toBe('clear');
  });

  it('for `any`, the newest reading of any metric counts', () => {
    expect(outcome(checkMissedReadings(rule, input({ glucose: hoursAgo(100), systolic: hoursAgo(2) }), NOW))).toBe('clear');
  });

  it('for one metric, only that metric counts', () => {
    const glucose = ruleWith('missed_readings', 'missed-readings', { metric: 'glucose', hours: 6 });
    expect(outcome(checkMissedReadings(glucose, input({ glucose: hoursAgo(7), systolic: hoursAgo(1) }), NOW))).toBe('low');
    expect(outcome(checkMissedReadings(glucose, input({ systolic: hoursAgo(1) }), NOW))).toBe('none');
  });

  it('does not judge a patient with no known reading time', () => {
    expect(outcome(checkMissedReadings(rule, input({}), NOW))).toBe('none');
  });

  it('says how long, against the limit', () => {
    const c = onlyCandidate(checkMissedReadings(rule, input({ systolic: hoursAgo(49.5) }), NOW));
    expect(c).toMatchObject({ value: 49.5, unit: 'h', threshold: 48, observedAt: NOW, dedupeKey: 'missed-readings', autoResolve: true });
    expect(c.metric).toBeUndefined();
    expect(c.message).toBe('No readings for 49.5 h (limit 48 h)');
    expect(c.evidence.window).toEqual({ from: hoursAgo(49.5), to: NOW });
  });
});
