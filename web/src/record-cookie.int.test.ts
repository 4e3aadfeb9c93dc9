import { describe, expect, it } from 'vitest';
import { createApp } from '../../api/src/app.ts';
import { seedDemo } from '../../db/src/seed.ts';
import { PATIENTS } from '../../db/src/seed-data.ts';
import { apiHarness } from '../../test/support/api-harness.ts';
import { useTestDb } from '../../test/support/db-fixture.ts';
import { RECORD_COOKIE } from './acting-record.ts';

const db = useTestDb();
const LENA = PATIENTS.find((p) => p.given === 'Lena')!;

/** The Set-Cookie line of the record choice after a proxy picks Lena's record over plain http. */
async function recordCookie(publicUrl: string): Promise<string | undefined> {
  const h = apiHarness(db().pool, { buildApp: (deps) => createApp({ ...deps, config: { ...deps.config, PUBLIC_URL: publicUrl } }) });
  const res = await h.request(`/app/summary?record=${LENA.id}`, { as: 'anna.schmidt@demo.vitals' });
  expect(res.status).toBeLessThan(400);
  return res.headers.getSetCookie().find((c) => c.startsWith(`${RECORD_COOKIE}=`));
}

describe('the record-choice cookie', () => {
  it('is Secure when the portal is served over https, even when TLS ends at a proxy in front of it', async () => {
    await seedDemo(db().pool);
    // app.request speaks plain http, as the API does behind a TLS-terminating proxy
    expect(await recordCookie('https://portal.example.org')).toMatch(/;\s*Secure/i);
    expect(await recordCookie('http://localhost:3000')).not.toMatch(/;\s*Secure/i);
    expect(await recordCookie('http://localhost:3000')).toMatch(/HttpOnly/i);
  });
});
