import { describe, expect, it } from 'vitest';
import { seedDemo } from '../../../db/src/seed.ts';
import { useTestDb } from '../../../test/support/db-fixture.ts';
import { pendingTerms } from '../clinic-config/terms-repo.ts';
import { DEMO_APPOINTMENTS } from './demo-data.ts';

const db = useTestDb();
const COUNTED = ['providers', 'appointment_locations', 'visit_types', 'visit_type_forms', 'availability_templates', 'appointment_slots', 'appointments', 'portal_feature_settings', 'terms_versions', 'terms_acceptances'];
const counts = async () => Object.fromEntries(await Promise.all(COUNTED.map(async (t) => [t, (await db().pool.query(`SELECT count(*)::int AS n FROM ${t}`)).rows[0].n])));

describe('scheduling and clinic configuration demo seed', () => {
  it('creates providers, slots for four weeks, past and upcoming visits, switches and terms; a second run adds nothing', async () => {
    await seedDemo(db().pool);
    const first = await counts();
    expect(first).toMatchObject({ providers: 3, appointment_locations: 1, visit_types: 2, availability_templates: 9, appointments: DEMO_APPOINTMENTS.length, terms_versions: 2 });
    expect(first.appointment_slots).toBeGreaterThan(100);
    const { rows } = await db().pool.query<{ status: string; future: boolean; video: boolean }>('SELECT status, starts_at > now() AS future, video_token IS NOT NULL AS video FROM appointments ORDER BY id');
    expect(rows.filter((r) => r.future && r.status === 'booked')).toHaveLength(4);
    expect(rows.filter((r) => !r.future && r.status === 'completed')).toHaveLength(2);
    expect(rows.filter((r) => r.video)).toHaveLength(2);
    await seedDemo(db().pool);
    expect(await counts()).toEqual(first);
    const { rows: users } = await db().pool.query<{ id: string }>("SELECT id FROM users WHERE email LIKE '%@demo.vitals'");
    for (const u of users) expect(await pendingTerms(db().pool, u.id, new Date())).toEqual([]);
  });
});
