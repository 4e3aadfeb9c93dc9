import { clear, triggered, type RuleCheck } from './candidate.ts';
import { hours, metricLabel } from './format.ts';
import type { ScheduledInput } from './inputs.ts';
import { HOUR_MS, round } from './points.ts';
import type { RuleOf } from './rule-config.ts';

/**
 * Missed-readings rule: triggers once `hours` or more have passed since the newest reading of the
 * metric (of any metric for `any`). "No reading for 48 h" is true at exactly 48 h, so the limit
 * itself triggers. A metric the patient has no time for is not judged.
 */
export function checkMissedReadings(rule: RuleOf<'missed_readings'>, input: ScheduledInput, now: Date): RuleCheck[] {
  const times = rule.metric === 'any' ? Object.values(input.lastReadingAt) : [input.lastReadingAt[rule.metric]];
  const known = times.filter((t): t is Date => t !== undefined).map((t) => t.getTime());
  if (known.length === 0) return [];
  const last = Math.max(...known);
  const silentMs = now.getTime() - last;
  if (silentMs < rule.hours * HOUR_MS) return [clear(rule, now)];
  const silentHours = round(silentMs / HOUR_MS, 2);
  const what = rule.metric === 'any' ? 'readings' : `${metricLabel(rule.metric)} readings`;
  return [
    triggered(rule, {
      severity: rule.severity,
      ...(rule.metric === 'any' ? {} : { metric: rule.metric }),
      value: silentHours,
      unit: 'h',
      threshold: rule.hours,
      observedAt: now,
      message: `No ${what} for ${hours(silentHours)} (limit ${hours(rule.hours)})`,
      evidence: { points: [], window: { from: new Date(last), to: now }, stats: { hoursSinceLastReading: silentHours } },
    }),
  ];
}
