import { describe, expect, it } from 'vitest';
import { addDays, localCalendar } from '../trends/stats/time-zone.ts';
import { billMonth, deviceSupplyFor, managementLines, type MonthBillInput, type TimeEntryFact } from './billing-rules.ts';
import { devicePeriodsThrough } from './device-periods.ts';
import { entriesOfMonth, localDates, monthInstants } from './local-month.ts';
import { NoRuleSetError, ruleSetFor } from './rule-set.ts';
import { CMS_2021, CMS_2026, cmsRulesFor } from './testing/rule-set-fixtures.ts';

const MIN = 60_000;
/** Consecutive dates from `from`. */
const dates = (from: string, n: number) => Array.from({ length: n }, (_, i) => addDays(from, i));
const call = (id: string, minutes: number, channel: TimeEntryFact['channel'] = null, startedAt = '2025-05-10T15:00:00.000Z'): TimeEntryFact => ({ id, startedAt, seconds: minutes * 60, channel });
const codes = (b: { lines: Array<{ code: string; units: number }> }) => b.lines.map((l) => `${l.code}×${l.units}`);

describe('rule sets', () => {
  it('takes the set in effect on the period start, or the pinned one', () => {
    expect(ruleSetFor([CMS_2021, CMS_2026], '2025-12-31').version).toBe('cms-rpm-2021');
    expect(ruleSetFor([CMS_2026, CMS_2021], '2026-01-01').version).toBe('cms-rpm-2026');
    expect(ruleSetFor([CMS_2021, CMS_2026], '2026-05-01', 'cms-rpm-2021').version).toBe('cms-rpm-2021');
    expect(() => ruleSetFor([CMS_2021], '2020-12-01')).toThrow(NoRuleSetError);
    expect(() => ruleSetFor([CMS_2021], '2026-01-01', 'nope')).toThrow(NoRuleSetError);
  });
});

describe('device supply: 16 days in the period', () => {
  it('15 days is not 99454, 16 is (2021 rules)', () => {
    expect(deviceSupplyFor(15, CMS_2021.rules)).toBeUndefined();
    expect(deviceSupplyFor(16, CMS_2021.rules)?.code).toBe('99454');
  });

  it('under the 2026 rules 2–15 days are 99445, 1 day is nothing', () => {
    expect(deviceSupplyFor(1, CMS_2026.rules)).toBeUndefined();
    expect(deviceSupplyFor(2, CMS_2026.rules)?.code).toBe('99445');
    expect(deviceSupplyFor(15, CMS_2026.rules)?.code).toBe('99445');
    expect(deviceSupplyFor(16, CMS_2026.rules)?.code).toBe('99454');
  });
});

describe('treatment management: 20 minutes with an interactive communication', () => {
  const lines = (entries: TimeEntryFact[], set = CMS_2021) => managementLines(entries, set, true);

  it('19 minutes is not 99457; 20 is; 39 is still one 99457; 40 adds one 99458; 60 adds two', () => {
    expect(codes(lines([call('a', 19, 'phone')]))).toEqual([]);
    expect(lines([call('a', 19, 'phone')]).unmet[0]!.reason).toBe('19 minutes of management time; at least 20 needed');
    expect(codes(lines([call('a', 20, 'phone')]))).toEqual(['99457×1']);
    expect(codes(lines([call('a', 10, 'video'), call('b', 29)]))).toEqual(['99457×1']);
    expect(codes(lines([call('a', 10, 'video'), call('b', 30)]))).toEqual(['99457×1', '99458×1']);
    expect(codes(lines([call('a', 60, 'phone')]))).toEqual(['99457×1', '99458×2']);
  });

  it('counts whole minutes of the summed seconds: 19 min 59 s is 19', () => {
    const justShort = [call('a', 10, 'phone'), { ...call('b', 0), seconds: 9 * 60 + 59 }];
    expect(codes(lines(justShort))).toEqual([]);
    expect(codes(lines([...justShort, { ...call('c', 0), seconds: 1 }]))).toEqual(['99457×1']);
  });

  it('needs a real-time communication: a message exchange alone does not do', () => {
    const r = lines([call('a', 25, 'message'), call('b', 10)]);
    expect(codes(r)).toEqual([]);
    expect(r.unmet).toEqual([{ code: '99457', rulesVersion: 'cms-rpm-2021', reason: 'no interactive communication (phone or video) in the month' }]);
    expect(codes(lines([call('a', 25, 'message'), call('b', 1, 'video')]))).toEqual(['99457×1']);
  });

  it('lists the interactive communications as evidence', () => {
    const r = lines([call('a', 12, 'phone'), call('b', 10)]);
    expect(r.lines[0]!.evidence).toEqual({ minutes: 22, timeEntries: 2, interactiveCommunications: [{ id: 'a', startedAt: '2025-05-10T15:00:00.000Z', channel: 'phone', seconds: 720 }] });
  });

  it('under the 2026 rules 10–19 minutes are 99470, which takes no 99458', () => {
    expect(codes(lines([call('a', 9, 'phone')], CMS_2026))).toEqual([]);
    expect(codes(lines([call('a', 10, 'phone')], CMS_2026))).toEqual(['99470×1']);
    expect(codes(lines([call('a', 19, 'phone')], CMS_2026))).toEqual(['99470×1']);
    expect(codes(lines([call('a', 40, 'phone')], CMS_2026))).toEqual(['99457×1', '99458×1']);
  });
});

describe('a month of one enrolment', () => {
  const enrolment = { startDate: '2025-04-10', endDate: null };
  const input = (over: Partial<MonthBillInput> & { readingDates?: string[] }): MonthBillInput => {
    const periods = devicePeriodsThrough('calendar_month', enrolment, '2025-05-31').map((p) => ({ ...p, dates: (over.readingDates ?? []).filter((d) => d >= p.startDate && d <= p.endDate) }));
    return { month: '2025-05', periods, setupCompletedOn: '2025-04-10', timeEntries: [], rulesFor: cmsRulesFor, today: '2025-06-03', ...over };
  };

  it('bills 99454 for 16 days of May and 99453 with it, once per enrolment', () => {
    const may = billMonth(input({ readingDates: [...dates('2025-04-10', 10), ...dates('2025-05-01', 16)] }));
    expect(codes(may)).toEqual(['99454×1', '99453×1']);
    expect(may.lines[0]).toMatchObject({ kind: 'device_supply', rulesVersion: 'cms-rpm-2021', final: true, evidence: { periodStart: '2025-05-01', periodEnd: '2025-05-31', daysWithReadings: 16 } });
    expect(may.lines[1]!.evidence).toMatchObject({ setupCompletedOn: '2025-04-10', periodStart: '2025-05-01' });
    // April (from the 10th) already had 16 days: set-up belongs to April, May gets 99454 only
    const april = billMonth(input({ readingDates: [...dates('2025-04-10', 16), ...dates('2025-05-01', 16)] }));
    expect(codes(april)).toEqual(['99454×1']);
  });

  it('gives the reason for a code not met, and holds 99453 until set-up is recorded', () => {
    const short = billMonth(input({ readingDates: dates('2025-05-01', 15) }));
    expect(codes(short)).toEqual([]);
    expect(short.unmet).toContainEqual({ code: '99454', rulesVersion: 'cms-rpm-2021', reason: '15 days with readings from 2025-05-01 to 2025-05-31; at least 16 needed' });
    const noSetup = billMonth(input({ readingDates: dates('2025-05-01', 16), setupCompletedOn: null }));
    expect(codes(noSetup)).toEqual(['99454×1']);
    expect(noSetup.unmet.map((u) => u.code)).toEqual(['99453', '99457']); // no time logged either
  });

  it('marks a month still running as not final', () => {
    const running = billMonth(input({ readingDates: dates('2025-05-01', 16), timeEntries: [call('a', 20, 'phone')], today: '2025-05-20' }));
    expect(running.lines.map((l) => [l.code, l.final])).toEqual([
      ['99454', false],
      ['99453', false],
      ['99457', false],
    ]);
  });

  it('counts 30-day periods from enrolment when the programme says so: lines for the periods ending in the month', () => {
    const periods = devicePeriodsThrough('enrolment_30_days', enrolment, '2025-06-30');
    expect(periods.map((p) => `${p.startDate}..${p.endDate}`)).toEqual(['2025-04-10..2025-05-09', '2025-05-10..2025-06-08', '2025-06-09..2025-07-08']);
    const bill = billMonth({ ...input({}), periods: periods.map((p) => ({ ...p, dates: dates(p.startDate, 16) })) });
    expect(bill.lines.map((l) => [l.code, l.evidence.periodStart])).toEqual([
      ['99454', '2025-04-10'],
      ['99453', '2025-04-10'],
    ]);
  });
});

describe('local calendar', () => {
  it('a month crossing the spring-forward change spans 743 hours and keeps its 31 days', () => {
    const ny = localCalendar('America/New_York');
    const march = monthInstants('2026-03', ny);
    expect(new Date(march.from).toISOString()).toBe('2026-03-01T05:00:00.000Z');
    expect(new Date(march.to).toISOString()).toBe('2026-04-01T04:00:00.000Z');
    expect((march.to - march.from) / 3_600_000).toBe(743);
    // one reading at 23:30 local each day: 31 dates, though the last is 03:30Z on 1 April
    const evenings = dates('2026-03-01', 31).map((d) => ny.startOfDay(addDays(d, 1)) - 30 * MIN);
    expect(localDates(evenings, 'America/New_York')).toHaveLength(31);
    const call31 = call('late', 20, 'phone', new Date(evenings.at(-1)!).toISOString());
    expect(entriesOfMonth([call31], '2026-03', 'America/New_York')).toHaveLength(1);
    expect(entriesOfMonth([call31], '2026-04', 'America/New_York')).toHaveLength(0);
  });

  it('counts days in the patient’s zone, not the clinic’s: 16 Los Angeles evenings in February', () => {
    // 22:00 in Los Angeles is already the next day in New York (the clinic) and in UTC
    const la = localCalendar('America/Los_Angeles');
    const evenings = dates('2026-02-13', 16).map((d) => la.startOfDay(addDays(d, 1)) - 2 * 60 * MIN);
    expect(localDates(evenings, 'America/New_York').filter((d) => d.startsWith('2026-02'))).toHaveLength(15);
    const laDates = localDates(evenings, 'America/Los_Angeles');
    expect(laDates.filter((d) => d.startsWith('2026-02'))).toHaveLength(16);
    const periods = devicePeriodsThrough('calendar_month', { startDate: '2026-01-05', endDate: null }, '2026-02-28').map((p) => ({ ...p, dates: laDates.filter((d) => d >= p.startDate && d <= p.endDate) }));
    const feb = billMonth({ month: '2026-02', periods, setupCompletedOn: '2026-01-05', timeEntries: [], rulesFor: cmsRulesFor, today: '2026-03-02' });
    expect(codes(feb)).toEqual(['99454×1', '99453×1']);
  });
});
