import { describe, expect, it } from 'vitest';
import { seedDemo } from '../../db/src/seed.ts';
import { PATIENTS } from '../../db/src/seed-data.ts';
import { useTestDb } from '../../test/support/db-fixture.ts';
import { loadRecentPoints } from './readings-source.ts';
import { defaultClinicRules } from './rules/default-rules.ts';
import { effectiveRules, PatientRuleOverrides } from './rules/rule-config.ts';
import { insertReadings } from './testing/fixtures.ts';

const db = useTestDb();
const MIN = 60_000;
const HOUR = 60 * MIN;

describe('loadRecentPoints', () => {
  it("reads each rule's window before the oldest instant judged, plus the newest earlier reading for thresholds", async () => {
    await seedDemo(db().pool);
    const patient = PATIENTS[1].id;
    const now = new Date(Date.UTC(2026, 5, 10, 12, 0));
    const ago = (ms: number) => new Date(now.getTime() - ms);
    // a CGM-like day and a half of glucose every 5 minutes, SpO2 twice
    const glucose = Array.from({ length: (30 * HOUR) / (5 * MIN) }, (_, i) => ({ metric: 'glucose' as const, at: ago(i * 5 * MIN), value: 100 + (i % 7) }));
    await insertReadings(db().pool, patient, [...glucose, { metric: 'spo2', at: ago(10 * HOUR), value: 96 }, { metric: 'spo2', at: ago(30 * HOUR), value: 97 }]);
    const rules = effectiveRules(defaultClinicRules(), PatientRuleOverrides.parse({}));
    const times = (ps: readonly { at: Date }[] | undefined) => (ps ?? []).map((p) => (now.getTime() - p.at.getTime()) / MIN);

    // a live reading: glucose back to 15 minutes (rate of change) before it, plus the one reading
    // before those (the threshold's newest-before, only needed when the window is empty); SpO2's newest within a day
    const live = await loadRecentPoints(db().pool, patient, rules, now, ago(0));
    expect(times(live.glucose)).toEqual([20, 15, 10, 5, 0]);
    expect(times(live.spo2)).toEqual([600]);

    // a batch 3 hours late: its oldest reading is judged too, on its own 15 minutes
    const late = await loadRecentPoints(db().pool, patient, rules, now, ago(3 * HOUR));
    expect(times(late.glucose)).toEqual(Array.from({ length: 41 }, (_, i) => 200 - i * 5));
    expect(times(late.spo2)).toEqual([600]);

    // nothing within a day before the oldest instant: no SpO2 at all, as before
    const old = await loadRecentPoints(db().pool, patient, rules, ago(-20 * HOUR), ago(-20 * HOUR));
    expect(old.spo2).toBeUndefined();
  });
});
