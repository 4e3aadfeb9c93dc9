import { clear, evidencePoints, triggered, type Evidence, type RuleCheck } from './candidate.ts';
import { capitalize, metricUnit } from './format.ts';
import type { ReadingPoint } from './inputs.ts';
import { crossedLevel } from './points.ts';
import type { Condition, Level, RuleOf } from './rule-config.ts';
import { severityRank } from './severity.ts';

/** A figure of one condition's metric to compare with its levels: a reading, or a mean. */
export interface Observation {
  value: number;
  /** Time of the newest reading behind the figure. */
  at: Date;
  /** The readings behind the figure. */
  points: readonly ReadingPoint[];
  stats?: Record<string, number>;
}

/** A condition whose observation crossed one of its levels. */
export interface Hit {
  condition: Condition;
  observation: Observation;
  level: Level;
}

const moreSevere = (a: Hit, b: Hit): Hit => (severityRank(b.level.severity) > severityRank(a.level.severity) ? b : a);

function worstHit(condition: Condition, observations: readonly Observation[]): Hit[] {
  const hits = observations.flatMap((observation): Hit[] => {
    const level = crossedLevel(observation.value, condition.operator, condition.levels);
    return level === undefined ? [] : [{ condition, observation, level }];
  });
  return hits.length === 0 ? [] : [hits.reduce(moreSevere)];
}

const time = (d: Date): number => d.getTime();

/**
 * Shared by threshold and sustained rules: any condition crossing a level triggers the rule, at
 * the severity of the worst crossing, with every crossing in the message and evidence.
 * The rule is clear only when every condition had data and none crossed: a rule on systolic and
 * diastolic is not declared back in range on the strength of one of them.
 *
 * @param observe - the figures of a condition's metric to judge; none when there is too little data
 * @param describe - one crossing in words, e.g. "glucose 52 mg/dL is below 54 mg/dL"
 */
export function checkConditions(
  rule: RuleOf<'threshold' | 'sustained'>,
  observe: (condition: Condition) => Observation[],
  describe: (hit: Hit) => string,
  window?: Evidence['window'],
): RuleCheck[] {
  const observed = rule.conditions.map((condition) => ({ condition, observations: observe(condition) }));
  const hits = observed.flatMap(({ condition, observations }) => worstHit(condition, observations));
  if (hits.length === 0) {
    if (observed.some(({ observations }) => observations.length === 0)) return [];
    const newestPerCondition = observed.map(({ observations }) => Math.max(...observations.map((o) => time(o.at))));
    return [clear(rule, new Date(Math.min(...newestPerCondition)))];
  }
  const primary = hits.reduce(moreSevere);
  const stats = Object.fromEntries(
    hits.flatMap(({ condition, observation }) => Object.entries(observation.stats ?? {}).map(([k, v]) => [`${condition.metric}.${k}`, v])),
  );
  return [
    triggered(rule, {
      severity: primary.level.severity,
      metric: primary.condition.metric,
      value: primary.observation.value,
      unit: metricUnit(primary.condition.metric),
      threshold: primary.level.limit,
      observedAt: new Date(Math.max(...hits.map((h) => time(h.observation.at)))),
      message: capitalize(hits.map(describe).join('; ')),
      evidence: {
        points: hits.flatMap(({ condition, observation }) => evidencePoints(observation.points, condition.metric)),
        ...(window === undefined ? {} : { window }),
        stats,
      },
    }),
  ];
}
