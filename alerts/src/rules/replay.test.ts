import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultClinicRules } from './default-rules.ts';
import { effectiveRules, PatientRuleOverrides } from './rule-config.ts';
import { checkReadingRules } from './evaluate.ts';
import { checkReadingRulesReplayed } from './replay.ts';

const rules = effectiveRules(defaultClinicRules(), { flags: [], overrides: {}, additionalRules: [] } as never);
const t = (min: number) => new Date(Date.UTC(2026, 5, 1, 8, min));
// a meter uploads a morning at once: a severe low at 08:10, back in range by 08:40
const points = { glucose: [100, 48, 75, 110].map((value, i) => ({ at: t(i * 10 + i * 10), value, source: 'spot' as const })) };

describe('replayed rule checks for a batch of readings', () => {
  it('sees a severe low in the middle of an upload that judging only the newest reading misses', () => {
    const now = t(60);
    const newestOnly = checkReadingRules(rules, points, now).filter((c) => c.status === 'triggered');
    expect(newestOnly).toHaveLength(0);
    const replayed = checkReadingRulesReplayed(rules, points, t(0), now).filter((c) => c.status === 'triggered');
    expect(replayed.map((c) => c.status === 'triggered' && c.candidate.severity)).toContain('urgent');
  });

  it('adds nothing for readings older than the new ones', () => {
    const replayed = checkReadingRulesReplayed(rules, points, t(30), t(60)).filter((c) => c.status === 'triggered');
    expect(replayed).toHaveLength(0);
  });

  it('judges each instant on the points up to it, whether the points come oldest first or not', () => {
    // a CGM's morning: falling fast from 08:00, a low at 08:35, then a recovery
    const cgm = [180, 172, 160, 146, 130, 112, 92, 68, 52, 60, 75, 90].map((value, i) => ({ at: t(i * 5), value, source: 'cgm' as const }));
    const now = t(60);
    const ordered = checkReadingRulesReplayed(rules, { glucose: cgm }, t(0), now);
    const shuffled = checkReadingRulesReplayed(rules, { glucose: [...cgm].reverse() }, t(0), now);
    expect(ordered.filter((c) => c.status === 'triggered').length).toBeGreaterThan(1);
    expect(JSON.stringify(shuffled)).toBe(JSON.stringify(ordered));
  });

  it('judges each instant on its rules\' windows exactly as on every point before it (property)', () => {
    const all = effectiveRules(defaultClinicRules(), PatientRuleOverrides.parse({ flags: ['heart_failure', 'diabetes', 'hypertension', 'copd'] }));
    const HOUR = 3_600_000;
    const base = Date.UTC(2026, 5, 1);
    const point = (lo: number, hi: number, source: 'cgm' | 'spot') =>
      fc.record({ at: fc.integer({ min: 0, max: 9 * 24 * HOUR }).map((ms) => new Date(base + Math.floor(ms / 60_000) * 60_000)), value: fc.integer({ min: lo, max: hi }), source: fc.constant(source) });
    const series = <T,>(arb: fc.Arbitrary<T>) => fc.array(arb, { maxLength: 40 });
    fc.assert(
      fc.property(
        series(fc.oneof(point(40, 300, 'cgm'), point(40, 300, 'spot'))),
        series(point(90, 200, 'spot')),
        series(point(60, 130, 'spot')),
        series(point(70, 75, 'spot')),
        fc.integer({ min: 0, max: 9 * 24 }),
        (glucose, systolic, diastolic, weight, newFromHour) => {
          const sorted = (ps: typeof glucose) => [...ps].sort((a, b) => a.at.getTime() - b.at.getTime() || a.value - b.value);
          const points = { glucose: sorted(glucose), systolic: sorted(systolic), diastolic: sorted(diastolic), body_weight: sorted(weight) };
          // reversed series are not oldest first, so they are judged on every earlier point, as before slicing
          const reversed = { glucose: [...points.glucose].reverse(), systolic: [...points.systolic].reverse(), diastolic: [...points.diastolic].reverse(), body_weight: [...points.body_weight].reverse() };
          const newSince = new Date(base + newFromHour * HOUR);
          const now = new Date(base + 9 * 24 * HOUR + 60_000);
          expect(JSON.stringify(checkReadingRulesReplayed(all, points, newSince, now))).toBe(JSON.stringify(checkReadingRulesReplayed(all, reversed, newSince, now)));
        },
      ),
      { numRuns: 300 },
    );
  });
});
