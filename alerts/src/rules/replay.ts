import type { RuleConfig } from './rule-config.ts';
import type { RuleCheck } from './candidate.ts';
import type { Metric } from '../../../common/src/metrics.ts';
import type { ReadingPoint, RecentPoints } from './inputs.ts';
import { windowsByMetric } from './lookback.ts';
import { isCanonical } from './points.ts';
import { checkReadingRules } from './evaluate.ts';

/** Past this many new instants, only the most extreme ones are replayed (keeps a big backfill cheap). */
const MAX_REPLAYED_INSTANTS = 300;

/**
 * Judge the reading rules as of each new reading, not only as of now. Rules look at the newest
 * reading, so when several readings arrive at once — a meter uploading a week of stored records,
 * a gateway back from a day offline — a severe low in the middle would otherwise never be seen.
 * Each new instant yields its triggered checks (in time order, so later ones count as repeats);
 * the final judgement as of `now` adds the clear checks that auto-resolve uses.
 *
 * @param newSince - readings measured at or after this instant are the new ones
 */
export function checkReadingRulesReplayed(rules: readonly RuleConfig[], points: RecentPoints, newSince: Date, now: Date): RuleCheck[] {
  const instants = replayInstants(points, newSince, now);
  const ordered = new Set(Object.entries(points).flatMap(([metric, ps]) => (isCanonical(ps!) ? [metric] : [])));
  // a threshold judges only the newest reading as of the instant, which `asOfInstant` always keeps
  const windows = windowsByMetric(rules, 0);
  const checks: RuleCheck[] = [];
  for (const at of instants) {
    const asOf: RecentPoints = {};
    for (const [metric, ps] of Object.entries(points)) {
      const window = windows.get(metric as Metric);
      if (window !== undefined) asOf[metric as Metric] = asOfInstant(ps!, at, window, ordered.has(metric));
    }
    checks.push(...checkReadingRules(rules, asOf, new Date(at)).filter((c) => c.status === 'triggered'));
  }
  return [...checks, ...checkReadingRules(rules, points, now)];
}

/** How many of the (oldest first) points were measured before `at` (`inclusive`: at or before). */
function countBefore(ps: readonly ReadingPoint[], at: number, inclusive: boolean): number {
  let lo = 0;
  let hi = ps.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const t = ps[mid]!.at.getTime();
    if (t < at || (inclusive && t === at)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * What the rules judge as of `at`: the points of the last `windowMs` up to `at`, and at least those
 * of the newest instant at or before it. Points come oldest first from the store, so that is a slice
 * found by binary search: a dense upload (a CGM's month, or readings coalesced for seconds) replays
 * hundreds of instants, and judging each on every point before it was the worker's main cost.
 */
function asOfInstant(ps: readonly ReadingPoint[], at: number, windowMs: number, canonical: boolean): ReadingPoint[] {
  if (!canonical) return ps.filter((p) => p.at.getTime() <= at);
  const end = countBefore(ps, at, true);
  if (end === 0) return [];
  const newestAt = ps[end - 1]!.at.getTime();
  return ps.slice(Math.min(countBefore(ps, at - windowMs, false), countBefore(ps, newestAt, false)), end);
}

/** The distinct measurement instants of new readings before the last one, most extreme first if too many. */
function replayInstants(points: RecentPoints, newSince: Date, now: Date): number[] {
  const fresh = Object.values(points)
    .flatMap((ps) => ps ?? [])
    .filter((p) => p.at.getTime() >= newSince.getTime() && p.at.getTime() <= now.getTime());
  const latest = Math.max(...fresh.map((p) => p.at.getTime()), -Infinity);
  let chosen = fresh.filter((p) => p.at.getTime() < latest);
  if (chosen.length > MAX_REPLAYED_INSTANTS) {
    const byValue = [...chosen].sort((a, b) => a.value - b.value);
    const half = MAX_REPLAYED_INSTANTS / 2;
    chosen = [...byValue.slice(0, half), ...byValue.slice(-half)];
  }
  return [...new Set(chosen.map((p) => p.at.getTime()))].sort((a, b) => a - b);
}
