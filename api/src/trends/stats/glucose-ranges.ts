/**
 * Time below, in and above range, per the International Consensus on Time in Range
 * (Battelino et al., Diabetes Care 2019;42:1593, Table 1 "standardized CGM metrics"):
 * TBR level 2 < 54 mg/dL, TBR level 1 54–69, TIR 70–180, TAR level 1 181–250, TAR level 2 > 250.
 *
 * Shares are by reading count: every CGM reading stands for one sensor interval, so with a fixed
 * interval the share of readings is the share of recorded time. Gaps are not interpolated; they
 * only lower CGM active time (glucose-report.ts).
 */
import type { GlucoseTargets, RangeShare, TimeInRanges } from './schemas.ts';
import { assertFinite } from './instant.ts';

/** The consensus thresholds, mg/dL. */
export const CONSENSUS_TARGETS: Readonly<GlucoseTargets> = Object.freeze({
  veryLowBelow: 54,
  lowBelow: 70,
  highAbove: 180,
  veryHighAbove: 250,
});

/** The five disjoint ranges a reading falls in. */
export type GlucoseRange = 'belowLevel2' | 'belowLevel1' | 'inRange' | 'aboveLevel1' | 'aboveLevel2';

/**
 * The consensus thresholds with a patient's own targets laid over them (e.g. pregnancy:
 * `{ lowBelow: 63, highAbove: 140 }`).
 *
 * @throws RangeError unless veryLowBelow ≤ lowBelow ≤ highAbove ≤ veryHighAbove, all finite
 */
export function resolveTargets(overrides: Partial<GlucoseTargets> = {}): GlucoseTargets {
  const t = { ...CONSENSUS_TARGETS, ...overrides };
  for (const [name, v] of Object.entries(t)) assertFinite(v, `glucose target ${name}`);
  if (!(t.veryLowBelow <= t.lowBelow && t.lowBelow <= t.highAbove && t.highAbove <= t.veryHighAbove)) {
    throw new RangeError(`glucose targets out of order: ${JSON.stringify(t)}`);
  }
  return t;
}

/**
 * The range of one glucose value. Boundaries follow the consensus wording for integer mg/dL
 * ("70–180" in range, "181–250" level 1) extended to fractions: in range is
 * `lowBelow ≤ v ≤ highAbove`, level 1 high is `highAbove < v ≤ veryHighAbove`, so 180.4 (a value
 * converted from mmol/L) is above range, as it would be on any meter that rounds up.
 */
export function classifyGlucose(v: number, t: GlucoseTargets): GlucoseRange {
  if (v < t.veryLowBelow) return 'belowLevel2';
  if (v < t.lowBelow) return 'belowLevel1';
  if (v <= t.highAbove) return 'inRange';
  if (v <= t.veryHighAbove) return 'aboveLevel1';
  return 'aboveLevel2';
}

/**
 * Counts and percentages of readings in each range, with the cumulative "below" (< lowBelow)
 * and "above" (> highAbove) the consensus also reports. Percentages are not rounded, so the five
 * disjoint ranges sum to 100 up to floating-point error; rounding is for display.
 */
export function timeInRanges(values: readonly number[], targets: GlucoseTargets): TimeInRanges {
  const counts: Record<GlucoseRange, number> = { belowLevel2: 0, belowLevel1: 0, inRange: 0, aboveLevel1: 0, aboveLevel2: 0 };
  for (const v of values) counts[classifyGlucose(v, targets)] += 1;
  const share = (n: number): RangeShare => ({ count: n, percent: values.length === 0 ? null : (100 * n) / values.length });
  return {
    belowLevel2: share(counts.belowLevel2),
    belowLevel1: share(counts.belowLevel1),
    below: share(counts.belowLevel2 + counts.belowLevel1),
    inRange: share(counts.inRange),
    above: share(counts.aboveLevel1 + counts.aboveLevel2),
    aboveLevel1: share(counts.aboveLevel1),
    aboveLevel2: share(counts.aboveLevel2),
  };
}
