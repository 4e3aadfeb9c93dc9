import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Metric } from '../../../common/src/metrics.ts';
import { defaultClinicRules } from './default-rules.ts';
import { checkReadingRules, checkScheduledRules, evaluateReadingRules, evaluateScheduledRules, triggerOf } from './evaluate.ts';
import type { ReadingPoint, RecentPoints, ScheduledInput } from './inputs.ts';
import { effectiveRules, PatientRuleOverrides, RuleConfig } from './rule-config.ts';
import { severityRank } from './severity.ts';
import { hoursAgo, minutesAgo, NOW, reading, series } from './test-support.ts';

/** Every default rule, weight gain included. */
const rules = effectiveRules(defaultClinicRules(), PatientRuleOverrides.parse({ flags: ['heart_failure'] }));
const readingRules = rules.filter((r) => triggerOf(r.kind) === 'reading');
const thresholdRules = rules.filter((r) => r.kind === 'threshold');
const healthy: ScheduledInput = {
  lastReadingAt: { glucose: hoursAgo(1) },
  gateways: [{ id: 'gw', lastSeenAt: NOW, online: true }],
  devices: [{ id: 'meter', battery: 90 }],
};

describe('dispatch', () => {
  it('runs reading rules on readings and scheduled rules on the schedule, never the other way round', () => {
    expect(evaluateReadingRules(rules, {}, NOW)).toEqual([]);
    expect(evaluateScheduledRules(rules, { lastReadingAt: {}, gateways: [], devices: [] }, NOW)).toEqual([]);
    expect(evaluateReadingRules(rules, reading('glucose', 50), NOW).map((c) => c.ruleId)).toEqual(['glucose-low']);
    const scheduled = evaluateScheduledRules(rules, { ...healthy, lastReadingAt: { glucose: hoursAgo(50) }, devices: [{ id: 'meter', battery: 5 }] }, NOW);
    expect(scheduled.map((c) => c.dedupeKey)).toEqual(['missed-readings', 'device-battery:meter']);
  });

  it('lists each kind under one trigger', () => {
    expect(rules.map((r) => `${r.kind}:${triggerOf(r.kind)}`)).toContain('missed_readings:schedule');
    expect(readingRules.map((r) => r.kind)).toEqual(['threshold', 'threshold', 'threshold', 'threshold', 'rate_of_change', 'sustained', 'weight_gain']);
  });

  it('skips a disabled rule even when it is passed in', () => {
    const disabled = rules.map((r) => RuleConfig.parse({ ...r, enabled: false }));
    expect(evaluateReadingRules(disabled, reading('glucose', 30), NOW)).toEqual([]);
    expect(checkScheduledRules(disabled, healthy, NOW)).toEqual([]);
  });

  it('reports clear checks for rules that had data and found it in range', () => {
    const checks = checkReadingRules(rules, { ...reading('glucose', 110), ...reading('spo2', 97) }, NOW);
    expect(checks.map((c) => `${c.dedupeKey}:${c.status}`)).toEqual(['glucose-low:clear', 'glucose-high:clear', 'spo2-low:clear']);
    expect(checkScheduledRules(rules, healthy, NOW).every((c) => c.status === 'clear')).toBe(true);
  });
});

const inRange: Record<'glucose' | 'systolic' | 'diastolic' | 'spo2' | 'body_weight', [number, number]> = {
  glucose: [70, 250],
  systolic: [90, 139],
  diastolic: [50, 89],
  spo2: [90, 100],
  body_weight: [40, 200],
};
const MINUTES_IN_8_DAYS = 8 * 24 * 60;

/** A reading time: often in the last 20 minutes (so rate-of-change has data), else in the last 8 days. */
const at = fc.oneof(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: MINUTES_IN_8_DAYS })).map((m) => minutesAgo(m));
const pointsOf = (value: fc.Arbitrary<number>) =>
  fc.array(fc.record({ at, value, source: fc.constantFrom('cgm' as const, 'spot' as const) }), { maxLength: 40 });
const anyPoints: fc.Arbitrary<RecentPoints> = fc.record(
  {
    glucose: pointsOf(fc.integer({ min: 20, max: 500 })),
    systolic: pointsOf(fc.integer({ min: 80, max: 220 })),
    diastolic: pointsOf(fc.integer({ min: 40, max: 140 })),
    spo2: pointsOf(fc.integer({ min: 70, max: 100 })),
    body_weight: pointsOf(fc.double({ min: 60, max: 70, noNaN: true })),
  },
  { requiredKeys: [] },
);
const shuffledCopy = <T>(items: readonly T[]) => fc.shuffledSubarray([...items], { minLength: items.length, maxLength: items.length });
const shuffledPoints = (points: RecentPoints) =>
  fc.record(Object.fromEntries(Object.entries(points).map(([metric, list]) => [metric, shuffledCopy(list as ReadingPoint[])]))) as fc.Arbitrary<RecentPoints>;

describe('properties', () => {
  it('reading evaluation is deterministic and independent of the order of the points', () => {
    fc.assert(
      fc.property(
        anyPoints.chain((points) => fc.tuple(fc.constant(points), shuffledPoints(points))),
        ([points, shuffled]) => {
          const first = checkReadingRules(rules, points, NOW);
          expect(checkReadingRules(rules, points, NOW)).toEqual(first);
          expect(checkReadingRules(rules, shuffled, NOW)).toEqual(first);
        },
      ),
    );
  });

  it('threshold rules yield no candidate while every value is in range', () => {
    const points = fc.record(Object.fromEntries(Object.entries(inRange).map(([m, [lo, hi]]) => [m, pointsOf(fc.double({ min: lo, max: hi, noNaN: true }))])));
    fc.assert(fc.property(points, (p) => evaluateReadingRules(thresholdRules, p as RecentPoints, NOW).length === 0));
  });

  it('no reading rule yields a candidate for steady in-range values', () => {
    const steady = fc.record(
      Object.fromEntries(
        Object.entries(inRange).map(([m, [lo, hi]]) => [m, fc.tuple(fc.double({ min: lo, max: hi, noNaN: true }), fc.array(at, { maxLength: 40 }))]),
      ),
    ) as fc.Arbitrary<Record<Metric, [number, Date[]]>>;
    fc.assert(
      fc.property(steady, (byMetric) => {
        const points = Object.fromEntries(Object.entries(byMetric).map(([m, [value, times]]) => [m, times.map((t) => ({ at: t, value, source: 'cgm' }))]));
        const checks = checkReadingRules(readingRules, points, NOW);
        return checks.every((c) => c.status === 'clear');
      }),
    );
  });

  it('a lower glucose is never judged less severe by glucose-low', () => {
    const severity = (v: number) => {
      const [c] = evaluateReadingRules(thresholdRules.slice(0, 1), reading('glucose', v), NOW);
      return c === undefined ? -1 : severityRank(c.severity);
    };
    fc.assert(fc.property(fc.double({ min: 10, max: 500, noNaN: true }), fc.double({ min: 10, max: 500, noNaN: true }), (a, b) => severity(Math.min(a, b)) >= severity(Math.max(a, b))));
  });

  const subjectId = fc.stringMatching(/^[A-Za-z0-9]{8,16}$/);
  const scheduledInput: fc.Arbitrary<ScheduledInput> = fc.record({
    lastReadingAt: fc.record({ glucose: fc.integer({ min: 0, max: 100 }).map((h) => hoursAgo(h)) }, { requiredKeys: [] }),
    gateways: fc.uniqueArray(fc.record({ id: subjectId, lastSeenAt: fc.option(fc.integer({ min: 0, max: 72 }).map((h) => hoursAgo(h))), online: fc.boolean() }), {
      selector: (g) => g.id,
      maxLength: 4,
    }),
    devices: fc.uniqueArray(fc.record({ id: subjectId, battery: fc.option(fc.integer({ min: 0, max: 100 })) }), { selector: (d) => d.id, maxLength: 4 }),
  });

  it('scheduled evaluation is independent of the order of devices and gateways, and keeps their ids out of messages', () => {
    fc.assert(
      fc.property(
        scheduledInput.chain((input) => fc.tuple(fc.constant(input), shuffledCopy(input.gateways), shuffledCopy(input.devices))),
        ([input, gateways, devices]) => {
          const first = evaluateScheduledRules(rules, input, NOW);
          expect(evaluateScheduledRules(rules, { ...input, gateways, devices }, NOW)).toEqual(first);
          for (const c of first) if (c.subject !== undefined) expect(c.message).not.toContain(c.subject);
        },
      ),
    );
  });

  it('scheduled rules yield no candidate while devices, gateways and readings are fine', () => {
    const fine = fc.record({
      lastReadingAt: fc.record({ spo2: fc.integer({ min: 0, max: 47 }).map((h) => hoursAgo(h)) }),
      gateways: fc.array(fc.record({ id: subjectId, lastSeenAt: fc.constant(hoursAgo(1)), online: fc.constant(true) }), { maxLength: 3 }),
      devices: fc.array(fc.record({ id: subjectId, battery: fc.integer({ min: 21, max: 100 }) }), { maxLength: 3 }),
    });
    fc.assert(fc.property(fine, (input) => evaluateScheduledRules(rules, input, NOW).length === 0));
  });
});

describe('evidence', () => {
  it('caps evidence at 50 points per metric, keeping the newest', () => {
    // Every 30 minutes for 200 hours: 337 of them fall within the 7-day window.
    const week = series(Array.from({ length: 400 }, (_, i) => [i * 30, 150] as const));
    const [c] = evaluateReadingRules(rules, { systolic: week, diastolic: series([[0, 80], [1, 80], [2, 80], [3, 80], [4, 80]]) }, NOW);
    expect(c?.evidence.stats['systolic.count']).toBe(337);
    expect(c?.evidence.points).toHaveLength(50);
    expect(c?.evidence.points.at(-1)?.at).toEqual(NOW);
  });
});
