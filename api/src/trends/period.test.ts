import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../common/src/errors/index.ts';
import { resolvePeriod, type PeriodRule } from './period.ts';
import { localCalendar } from './stats/time-zone.ts';

const NY = localCalendar('America/New_York');
const iso = (ms: number) => new Date(ms).toISOString();
const rule = (r: Partial<PeriodRule> = {}): PeriodRule => ({ defaultDays: 14, maxDays: 90, defaultTo: 'now', ...r });

describe('resolvePeriod', () => {
  const now = new Date('2026-03-20T16:00:00Z'); // 12:00 EDT on 20 March

  it('defaults to whole local days ending today, however DST falls', () => {
    // 14 local days: 7 March 00:00 EST (05:00Z) to now, across the 8 March spring-forward
    const p = resolvePeriod({}, rule(), NY, now);
    expect([iso(p.from), iso(p.to)]).toEqual(['2026-03-07T05:00:00.000Z', '2026-03-20T16:00:00.000Z']);
  });

  it('ends at the start of today when only complete days count', () => {
    const p = resolvePeriod({}, rule({ defaultTo: 'start-of-today' }), NY, now);
    expect([iso(p.from), iso(p.to)]).toEqual(['2026-03-06T05:00:00.000Z', '2026-03-20T04:00:00.000Z']);
  });

  it('takes from and to as given, or counts the default back from a given to', () => {
    expect(resolvePeriod({ from: '2026-03-01T00:00:00-05:00', to: '2026-03-02T00:00:00-05:00' }, rule(), NY, now)).toEqual({ from: Date.parse('2026-03-01T05:00:00Z'), to: Date.parse('2026-03-02T05:00:00Z') });
    const p = resolvePeriod({ to: '2026-01-10T05:00:00Z' }, rule({ defaultDays: 2 }), NY, now);
    expect(iso(p.from)).toBe('2026-01-08T05:00:00.000Z'); // 8 and 9 January, local
  });

  it('refuses from ≥ to, too many local days, and too short a period', () => {
    const bad = (q: { from?: string; to?: string }, r = rule()) => () => resolvePeriod(q, r, NY, now);
    expect(bad({ from: '2026-03-02T00:00:00Z', to: '2026-03-01T00:00:00Z' })).toThrow(ValidationError);
    expect(bad({ from: '2026-03-01T00:00:00Z', to: '2026-03-01T00:00:00Z' })).toThrow('from must be before to');
    expect(bad({ from: '2025-01-01T05:00:00Z', to: '2025-04-01T04:00:00Z' })).not.toThrow(); // 90 local days
    expect(bad({ from: '2025-01-01T05:00:00Z', to: '2025-04-02T04:00:00Z' })).toThrow('at most 90 days');
    expect(bad({ from: '2026-03-01T00:00:00Z', to: '2026-03-01T00:04:00Z' }, rule({ minMs: 5 * 60_000 }))).toThrow('at least 5 minutes');
  });
});
