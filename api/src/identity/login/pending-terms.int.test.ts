import { describe, expect, it } from 'vitest';
import { useTestDb } from '../../../../test/support/db-fixture.ts';
import { apiHarness } from '../../../../test/support/api-harness.ts';
import { seedDemo } from '../../../../db/src/seed.ts';
import { DEMO_PASSWORD } from '../../../../db/src/seed-data.ts';

const db = useTestDb();

describe('terms at sign-in', () => {
  it('lists a newly published terms version at the next sign-in until it is accepted', async () => {
    await seedDemo(db().pool);
    const h = apiHarness(db().pool);
    const signIn = async () => (await h.request('/v1/auth/login', { json: { email: 'maria@demo.vitals', password: DEMO_PASSWORD } })).json();
    expect((await signIn()).pendingTerms).toEqual([]);
    const published = await h.request('/v1/admin/terms', { json: { kind: 'terms_of_use', title: 'Terms of use', body: 'Version 2 of the terms.', effectiveAt: '2026-06-01T00:00:00Z' }, as: 'admin@demo.vitals' });
    expect(published.status).toBeLessThan(300);
    const next = await signIn();
    expect(next.pendingTerms.map((t: { kind: string }) => t.kind)).toEqual(['terms_of_use']);
  });
});
