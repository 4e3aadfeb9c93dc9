import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../../db/src/seed.ts';
import { CARE_TEAMS } from '../../../db/src/seed-data.ts';
import { apiHarness, type Harness } from '../../../test/support/api-harness.ts';
import { useTestDb } from '../../../test/support/db-fixture.ts';

const db = useTestDb();
let h: Harness;

beforeAll(async () => {
  await seedDemo(db().pool);
  h = apiHarness(db().pool);
});

describe('GET /v1/care-teams', () => {
  it('lists the caller’s own teams by name', async () => {
    const r = await h.request('/v1/care-teams', { as: 'nurse.patel@demo.vitals' });
    expect(r.status).toBe(200);
    expect((await r.json()).teams).toEqual([
      { id: CARE_TEAMS[0].id, name: 'Diabetes care team', memberRole: 'nurse' },
      { id: CARE_TEAMS[1].id, name: 'Hypertension care team', memberRole: 'nurse' },
    ]);
  });

  it('is empty for a clinician in no team and for a patient, and refuses the signed out', async () => {
    expect((await (await h.request('/v1/care-teams', { as: 'dr.outside@demo.vitals' })).json()).teams).toEqual([]);
    expect((await (await h.request('/v1/care-teams', { as: 'maria@demo.vitals' })).json()).teams).toEqual([]);
    expect((await h.request('/v1/care-teams')).status).toBe(401);
  });
});
