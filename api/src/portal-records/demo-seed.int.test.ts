import { describe, expect, it } from 'vitest';
import { seedDemo } from '../../../db/src/seed.ts';
import { PATIENTS } from '../../../db/src/seed-data.ts';
import { useTestDb } from '../../../test/support/db-fixture.ts';

const db = useTestDb();
const TABLES = ['pharmacies', 'medications', 'refill_requests', 'patient_profiles', 'problems', 'allergies', 'immunizations', 'clinic_vitals', 'care_goals', 'insurance_coverages', 'statements', 'charges', 'payments', 'questionnaires', 'questionnaire_responses', 'consent_documents', 'consents'];

describe('portal-record demo seeds', () => {
  it('fill every table once, however often they run', async () => {
    const counts = async () => Object.fromEntries(await Promise.all(TABLES.map(async (t) => [t, (await db().pool.query(`SELECT count(*)::int AS n FROM ${t}`)).rows[0].n as number])));
    await seedDemo(db().pool);
    const first = await counts();
    await seedDemo(db().pool);
    expect(await counts()).toEqual(first);
    for (const t of TABLES) expect(first[t], t).toBeGreaterThan(0);
  });

  it("give Maria a statement with charges, a payment, insurance, forms and a signed consent", async () => {
    const maria = PATIENTS[0].id;
    const one = async (sql: string) => (await db().pool.query(sql, [maria])).rows[0].n as number;
    expect(await one('SELECT count(*)::int AS n FROM charges c JOIN statements s ON s.id = c.statement_id WHERE s.patient_id = $1')).toBeGreaterThan(1);
    expect(await one(`SELECT count(*)::int AS n FROM payments WHERE patient_id = $1 AND status = 'succeeded'`)).toBeGreaterThan(0);
    expect(await one('SELECT count(*)::int AS n FROM insurance_coverages WHERE patient_id = $1')).toBe(1);
    expect(await one(`SELECT count(*)::int AS n FROM consents WHERE patient_id = $1 AND ended_at IS NULL AND kind = 'rpm_program'`)).toBe(1);
    expect(await one('SELECT count(*)::int AS n FROM questionnaire_responses WHERE patient_id = $1')).toBe(2);
  });
});
