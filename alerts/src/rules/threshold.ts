import type { RuleCheck } from './candidate.ts';
import { checkConditions, type Hit } from './conditions.ts';
import { metricLabel, operatorWords, quantity } from './format.ts';
import type { RecentPoints } from './inputs.ts';
import { canonical, newest } from './points.ts';
import type { RuleOf } from './rule-config.ts';

const describe = ({ condition: { metric, operator }, observation, level }: Hit): string =>
  `${metricLabel(metric)} ${quantity(metric, observation.value)} is ${operatorWords(operator)} ${quantity(metric, level.limit)}`;

/**
 * Threshold rule: compares the newest reading of each condition's metric with its levels.
 * Only the newest counts — an older low followed by a normal reading is a resolved episode, not a
 * current one. Readings sharing the newest timestamp are all judged and the worst kept.
 */
export function checkThreshold(rule: RuleOf<'threshold'>, points: RecentPoints): RuleCheck[] {
  return checkConditions(
    rule,
    ({ metric }) => newest(canonical(points[metric])).map((p) => ({ value: p.value, at: p.at, points: [p] })),
    describe,
  );
}
