import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../db/src/seed.ts';
import { CLINIC, PATIENTS } from '../../db/src/seed-data.ts';
import { useTestDb } from '../../test/support/db-fixture.ts';
import { applyChecks } from './apply-checks.ts';
import { checkReadingRules } from './rules/evaluate.ts';
import { defaultClinicRules } from './rules/default-rules.ts';
import type { RuleCheck } from './rules/candidate.ts';
import { inTransaction } from './store/transaction.ts';

const db = useTestDb({ poolMax: 12 });
const owner = { clinicId: CLINIC.id, patientId: PATIENTS[1].id };
const now = new Date('2026-06-01T12:00:00Z');
const at = (minutesBefore: number) => new Date(now.getTime() - minutesBefore * 60_000);
const glucose = (value: number, minutesBefore: number): RuleCheck[] =>
  checkReadingRules(defaultClinicRules(), { glucose: [{ at: at(minutesBefore), value }] }, now).filter((c) => c.dedupeKey === 'glucose-low');

const apply = (checks: RuleCheck[]) => inTransaction(db().pool, (tx) => applyChecks(tx, owner, checks, now));
const rows = async () =>
  (await db().pool.query<{ state: string; count: number; severity: string }>("SELECT state, count, severity FROM alerts WHERE patient_id = $1 AND dedupe_key = 'glucose-low' ORDER BY opened_at", [owner.patientId])).rows;

beforeAll(async () => {
  await seedDemo(db().pool);
});

describe('applyChecks under concurrency', () => {
  it('opens one alert when ten transactions race with the same candidate', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, () => apply(glucose(60, 30))));
    expect(results.flat().map((c) => c.kind)).toEqual(['opened']);
    expect(await rows()).toEqual([{ state: 'open', count: 1, severity: 'high' }]);
  });

  it('folds each newer candidate into that one alert once, even when two transactions carry it', async () => {
    // in order of measurement: a job about older data than the alert's is ignored by design
    for (const [i, m] of [20, 15, 10, 5].entries()) await Promise.all([apply(glucose(58 - i, m)), apply(glucose(58 - i, m))]);
    expect(await rows()).toEqual([{ state: 'open', count: 5, severity: 'high' }]);
  });

  it('refuses a second unresolved alert in the database itself', async () => {
    const insert = db().pool.query(
      `INSERT INTO alerts (clinic_id, patient_id, rule_id, rule_kind, dedupe_key, severity, state, message, first_at, latest_at, latest, evidence, opened_at)
       VALUES ($1, $2, 'glucose-low', 'threshold', 'glucose-low', 'high', 'open', 'm', now(), now(), '{}', '{}', now())`,
      [owner.clinicId, owner.patientId],
    );
    await expect(insert).rejects.toThrow(/alerts_one_unresolved_key/);
  });

  it('does not reopen a resolved alert for data it has already seen, and opens a new one for newer data', async () => {
    await db().pool.query("UPDATE alerts SET state = 'resolved', resolved_at = now(), resolved_by = 'test' WHERE patient_id = $1", [owner.patientId]);
    expect(await apply(glucose(55, 5))).toEqual([]);
    const [change] = await apply(glucose(52, 1));
    expect(change?.kind).toBe('opened');
    expect((await rows()).map((r) => r.state).sort()).toEqual(['open', 'resolved']);
  });
});
