import { clear, evidencePoints, triggered, type RuleCheck } from './candidate.ts';
import { capitalize, num, duration } from './format.ts';
import type { ReadingPoint, RecentPoints } from './inputs.ts';
import { canonical, HOUR_MS, round, since } from './points.ts';
import type { RuleOf, WeightWindow } from './rule-config.ts';
import { maxSeverity, severityRank } from './severity.ts';

interface WindowGain {
  window: WeightWindow;
  lowest: ReadingPoint;
  gain: number;
}

/** Lowest weight in a canonical series; the earliest of equal lows, so the gain spans the longest time. */
const lowestOf = (points: readonly ReadingPoint[]): ReadingPoint => points.reduce((low, p) => (p.value < low.value ? p : low));

/**
 * Weight-gain rule (for patients flagged heart failure): for each window, the newest weight minus
 * the lowest weight measured within `hours + slackHours` before `now`. The lowest, not the
 * oldest, so that a gain is seen even if the patient weighed twice or lost water in between; the
 * slack so that yesterday's morning weigh-in, an hour earlier than today's, is still inside the
 * 24 h window. Gains are rounded to 1 g (82.1 - 80.1 is 2 kg, not 1.9999999999999915). A window
 * needs two weighings; the rule is clear when at least one window could be judged and none
 * crossed.
 */
export function checkWeightGain(rule: RuleOf<'weight_gain'>, points: RecentPoints, now: Date): RuleCheck[] {
  const series = canonical(points.body_weight);
  const latest = series.at(-1);
  if (latest === undefined) return [];
  const judged = rule.windows.flatMap((window): WindowGain[] => {
    const inWindow = since(series, new Date(now.getTime() - (window.hours + rule.slackHours) * HOUR_MS));
    if (inWindow.length < 2) return [];
    const lowest = lowestOf(inWindow);
    return [{ window, lowest, gain: round(latest.value - lowest.value, 3) }];
  });
  if (judged.length === 0) return [];
  const crossed = judged.filter(({ window, gain }) => gain >= window.gainKg);
  if (crossed.length === 0) return [clear(rule, latest.at)];

  const primary = crossed.reduce((a, b) => (severityRank(b.window.severity) > severityRank(a.window.severity) ? b : a));
  const shown = new Map(crossed.flatMap(({ lowest }) => [lowest, latest]).map((p) => [p.at.getTime(), p]));
  return [
    triggered(rule, {
      severity: crossed.map((c) => c.window.severity).reduce(maxSeverity),
      metric: 'body_weight',
      value: primary.gain,
      unit: 'kg',
      threshold: primary.window.gainKg,
      observedAt: latest.at,
      message: capitalize(
        crossed
          .map(({ window, lowest, gain }) => `weight up ${num(gain, 2)} kg in ${duration(window.hours)} (${num(lowest.value, 2)} → ${num(latest.value, 2)} kg; limit ${num(window.gainKg, 2)} kg)`)
          .join('; '),
      ),
      evidence: {
        points: evidencePoints(canonical([...shown.values()]), 'body_weight'),
        stats: Object.fromEntries(crossed.map(({ window, gain }) => [`gainKg.${window.hours}h`, gain])),
      },
    }),
  ];
}
