import { describe, expect, it } from 'vitest';
import type { WorklistFlag } from './flags/flag.ts';
import { arrangeRows, priorityOf, type OrderableRow } from './ordering.ts';

const flag = (code: WorklistFlag['code']): WorklistFlag => ({ code, reason: '', figures: {}, evidence: '' });
const row = (id: string, family: string, flags: WorklistFlag['code'][], over: Partial<OrderableRow> = {}): OrderableRow => ({
  patientId: id,
  familyName: family,
  givenName: 'A',
  lastReadingDate: '2026-05-31',
  flags: flags.map(flag),
  claim: null,
  reviewedThisPeriod: false,
  ...over,
});
const ids = (rows: OrderableRow[]) => rows.map((r) => r.patientId);

const ROWS = [
  row('1', 'Baker', ['missed_days', 'compliance_at_risk']),
  row('2', 'Adams', ['glucose_below_range']),
  row('3', 'Clark', ['urgent_alerts'], { claim: { userId: 'me' } }),
  row('4', 'Davis', [], { lastReadingDate: '2026-05-20', reviewedThisPeriod: true, claim: { userId: 'other' } }),
  row('5', 'Evans', ['missed_days', 'compliance_at_risk'], { lastReadingDate: '2026-05-28' }),
];

describe('worklist order and filters', () => {
  it('puts any urgent alert first, then by weight, oldest last reading, name', () => {
    expect(priorityOf([flag('urgent_alerts')])).toBeGreaterThan(priorityOf([flag('glucose_below_range'), flag('weight_gain'), flag('bp_high'), flag('glucose_time_in_range_low'), flag('compliance_at_risk'), flag('missed_days')]));
    expect(ids(arrangeRows(ROWS, 'priority', {}, 'me'))).toEqual(['3', '2', '5', '1', '4']);
  });

  it('sorts by name or by last reading', () => {
    expect(ids(arrangeRows(ROWS, 'name', {}, 'me'))).toEqual(['2', '1', '3', '4', '5']);
    expect(ids(arrangeRows(ROWS, 'last_reading', {}, 'me'))).toEqual(['4', '5', '2', '1', '3']);
  });

  it('filters by flags, claim and review', () => {
    expect(ids(arrangeRows(ROWS, 'name', { flags: ['urgent_alerts', 'glucose_below_range'] }, 'me'))).toEqual(['2', '3']);
    expect(ids(arrangeRows(ROWS, 'name', { claimed: 'me' }, 'me'))).toEqual(['3']);
    expect(ids(arrangeRows(ROWS, 'name', { claimed: 'others' }, 'me'))).toEqual(['4']);
    expect(ids(arrangeRows(ROWS, 'name', { claimed: 'unclaimed', reviewed: false }, 'me'))).toEqual(['2', '1', '5']);
    expect(ids(arrangeRows(ROWS, 'name', { reviewed: true }, 'me'))).toEqual(['4']);
  });
});
