import type { RuleCheck } from './candidate.ts';
import { checkConditions, type Hit } from './conditions.ts';
import { metricLabel, operatorWords, quantity, duration } from './format.ts';
import type { RecentPoints } from './inputs.ts';
import { canonical, HOUR_MS, mean, since } from './points.ts';
import type { RuleOf } from './rule-config.ts';

/**
 * Sustained rule: compares the mean of each condition's metric over the last `windowHours` with
 * its levels, once there are at least `minReadings` readings — a single high reading is not a
 * sustained high.
 */
export function checkSustained(rule: RuleOf<'sustained'>, points: RecentPoints, now: Date): RuleCheck[] {
  const from = new Date(now.getTime() - rule.windowHours * HOUR_MS);
  const describe = ({ condition: { metric, operator }, observation, level }: Hit): string =>
    `${metricLabel(metric)} averaged ${quantity(metric, observation.value, 1)} over ${duration(rule.windowHours)} (${observation.points.length} readings), ${operatorWords(operator)} ${quantity(metric, level.limit)}`;
  return checkConditions(
    rule,
    ({ metric }) => {
      const inWindow = since(canonical(points[metric]), from);
      if (inWindow.length < rule.minReadings) return [];
      const value = mean(inWindow.map((p) => p.value));
      return [{ value, at: inWindow.at(-1)!.at, points: inWindow, stats: { mean: value, count: inWindow.length } }];
    },
    describe,
    { from, to: now },
  );
}
