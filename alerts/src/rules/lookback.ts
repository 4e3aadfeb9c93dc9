import type { Metric } from '../../../common/src/metrics.ts';
import { HOUR_MS, MINUTE_MS } from './points.ts';
import type { RuleConfig } from './rule-config.ts';

/** No rule looks further back than this, however it is configured: it bounds one query. */
export const MAX_LOOKBACK_MS = 31 * 24 * HOUR_MS;

/**
 * How far before the instant judged each metric's points matter to the reading-triggered rules:
 * the longest window of a rule on the metric (sustained, rate of change, weight gain), and
 * `thresholdMs` for threshold rules, which judge only the newest reading (how far back to look for
 * it is the caller's choice). Metrics no rule reads are absent.
 */
export function windowsByMetric(rules: readonly RuleConfig[], thresholdMs: number): Map<Metric, number> {
  const need = new Map<Metric, number>();
  const want = (metric: Metric, ms: number) => need.set(metric, Math.min(MAX_LOOKBACK_MS, Math.max(need.get(metric) ?? 0, ms)));
  for (const rule of rules) {
    switch (rule.kind) {
      case 'threshold':
        rule.conditions.forEach((c) => want(c.metric, thresholdMs));
        break;
      case 'sustained':
        rule.conditions.forEach((c) => want(c.metric, rule.windowHours * HOUR_MS));
        break;
      case 'rate_of_change':
        want(rule.metric, rule.windowMinutes * MINUTE_MS);
        break;
      case 'weight_gain':
        want('body_weight', (Math.max(...rule.windows.map((w) => w.hours)) + rule.slackHours) * HOUR_MS);
        break;
      default:
        // scheduled kinds read no points
        break;
    }
  }
  return need;
}
