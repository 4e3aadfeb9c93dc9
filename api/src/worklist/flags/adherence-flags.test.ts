import { describe, expect, it } from 'vitest';
import { addDays } from '../../trends/stats/time-zone.ts';
import { complianceFlag, daysBefore, missedDaysFlag } from './adherence-flags.ts';

const P = '00000000-0000-4000-8000-000000000101';
const days = (from: string, n: number, skip: string[] = []) => new Set(Array.from({ length: n }, (_, i) => addDays(from, i)).filter((d) => !skip.includes(d)));
const LAST_WEEK = daysBefore('2026-06-01');

describe('missed_days: 2 of the last 7 complete days without a reading', () => {
  it('1 missed day is not flagged; 2 are', () => {
    expect(missedDaysFlag(P, days('2026-05-25', 7, ['2026-05-27']), LAST_WEEK)).toBeNull();
    const f = missedDaysFlag(P, days('2026-05-25', 7, ['2026-05-27', '2026-05-31']), LAST_WEEK)!;
    expect(f).toMatchObject({ code: 'missed_days', figures: { missedDays: 2, days: 7 }, evidence: `/v1/patients/${P}/compliance` });
    expect(f.reason).toBe('2 of the last 7 days without a reading (last reading day 2026-05-30)');
  });

  it('looks at the 7 complete days before today, and only at days since enrolment', () => {
    expect(LAST_WEEK).toEqual(['2026-05-25', '2026-05-26', '2026-05-27', '2026-05-28', '2026-05-29', '2026-05-30', '2026-05-31']);
    expect(missedDaysFlag(P, new Set(['2026-05-30']), ['2026-05-30', '2026-05-31'])).toBeNull();
    expect(missedDaysFlag(P, new Set(), [])).toBeNull();
  });
});

describe('compliance_at_risk: the period can no longer comfortably reach 16 days', () => {
  const june = { startDate: '2026-06-01', endDate: '2026-06-30' };

  it('uses the trends outlook: at risk when the days needed exceed the days left minus 2', () => {
    // 20 June, 6 days with readings, none today: 10 needed, 11 left (21–30 and today) → 10 > 9: at risk
    expect(complianceFlag(P, days('2026-06-01', 6), june, '2026-06-20')?.figures).toEqual({ daysWithReadings: 6, daysNeeded: 10, daysRemaining: 11 });
    // one more day with readings: 9 needed, 9 > 9 is false
    expect(complianceFlag(P, days('2026-06-01', 7), june, '2026-06-20')).toBeNull();
  });

  it('is never at risk once 16 days are reached, and says when the goal is out of reach', () => {
    expect(complianceFlag(P, days('2026-06-01', 16), june, '2026-06-29')).toBeNull();
    const f = complianceFlag(P, days('2026-06-01', 2), june, '2026-06-28')!;
    expect(f.reason).toBe('2 days with readings from 2026-06-01; 14 more needed by 2026-06-30 with 3 days left (no longer reachable)');
    expect(f.evidence).toBe(`/v1/patients/${P}/rpm-billing?month=2026-06`);
  });

  it('counts today as a day left only while it has no reading', () => {
    expect(complianceFlag(P, days('2026-06-01', 5), june, '2026-06-22')?.figures.daysRemaining).toBe(9);
    expect(complianceFlag(P, days('2026-06-18', 5), june, '2026-06-22')?.figures.daysRemaining).toBe(8);
  });
});
