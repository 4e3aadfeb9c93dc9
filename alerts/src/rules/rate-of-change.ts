import { clear, evidencePoints, triggered, type RuleCheck } from './candidate.ts';
import { capitalize, metricLabel, metricUnit, num, quantity } from './format.ts';
import type { ReadingPoint, RecentPoints } from './inputs.ts';
import { canonical, crossedLevel, MINUTE_MS, round, since, slopePerMinute } from './points.ts';
import type { RuleOf } from './rule-config.ts';

/** The newest points with no gap longer than `maxGapMs` between neighbours (canonical input). */
function trailingRun(points: readonly ReadingPoint[], maxGapMs: number): ReadingPoint[] {
  let start = points.length - 1;
  while (start > 0 && points[start]!.at.getTime() - points[start - 1]!.at.getTime() <= maxGapMs) start--;
  return points.slice(Math.max(start, 0));
}

/**
 * Rate-of-change rule: the least-squares slope of the points in the last `windowMinutes`,
 * counted only after the last gap longer than `maxGapMinutes` (a slope drawn across a sensor
 * dropout or warm-up compares two different signals). Needs `minPoints` points spanning at least
 * `minSpanMinutes`. The rate is rounded to 0.001 units/min — far finer than a CGM resolves — so
 * that points exactly on a 2 mg/dL/min line count as 2. "Faster than the limit" includes the limit,
 * as CGM fall-rate alerts do ("2 mg/dL/min or faster").
 */
export function checkRateOfChange(rule: RuleOf<'rate_of_change'>, points: RecentPoints, now: Date): RuleCheck[] {
  const from = new Date(now.getTime() - rule.windowMinutes * MINUTE_MS);
  const usable = canonical(points[rule.metric]).filter((p) => !rule.cgmOnly || p.source === 'cgm');
  const run = trailingRun(since(usable, from), rule.maxGapMinutes * MINUTE_MS);
  const first = run[0];
  const last = run.at(-1);
  if (first === undefined || last === undefined || run.length < rule.minPoints) return [];
  const spanMinutes = (last.at.getTime() - first.at.getTime()) / MINUTE_MS;
  if (spanMinutes < rule.minSpanMinutes) return [];

  const slope = slopePerMinute(run);
  const rate = round(rule.direction === 'falling' ? -slope : slope, 3);
  const level = crossedLevel(rate, 'gte', rule.levels);
  if (level === undefined) return [clear(rule, last.at)];
  const rateUnit = `${metricUnit(rule.metric)}/min`;
  return [
    triggered(rule, {
      severity: level.severity,
      metric: rule.metric,
      value: rate,
      unit: rateUnit,
      threshold: level.limit,
      observedAt: last.at,
      message: capitalize(`${metricLabel(rule.metric)} ${rule.direction} ${num(rate)} ${rateUnit} over ${num(spanMinutes)} min (now ${quantity(rule.metric, last.value)}); limit ${num(level.limit)} ${rateUnit}`),
      evidence: { points: evidencePoints(run, rule.metric), window: { from, to: now }, stats: { rate, spanMinutes, count: run.length } },
    }),
  ];
}
