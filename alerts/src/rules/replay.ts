import type { RuleConfig } from './rule-config.ts';
import type { RuleCheck } from './candidate.ts';
import type { RecentPoints } from './inputs.ts';
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
  const checks: RuleCheck[] = [];
  for (const at of instants) {
    const asOf: RecentPoints = {};
    for (const [metric, ps] of Object.entries(points)) asOf[metric as keyof RecentPoints] = ps!.filter((p) => p.at.getTime() <= at);
    checks.push(...checkReadingRules(rules, asOf, new Date(at)).filter((c) => c.status === 'triggered'));
  }
  return [...checks, ...checkReadingRules(rules, points, now)];
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
