import { describe, expect, it } from 'vitest';
import { defaultClinicRules } from './default-rules.ts';
import { effectiveRules } from './rule-config.ts';
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
});
