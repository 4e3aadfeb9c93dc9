import type pg from 'pg';
import { CLINIC, USERS } from '../../../db/src/seed-data.ts';
import { inTransaction } from '../identity/transaction.ts';
import { PORTAL_FEATURES } from './portal-features.ts';

/** Version 1 of the terms of use and the privacy policy, in effect since the demo clinic opened. */
export const DEMO_TERMS = [
  {
    id: '00000000-0000-4000-8000-0000000ac001',
    kind: 'terms_of_use',
    title: 'Terms of use',
    body: 'Vitals is a demonstration patient portal. Do not use it for emergencies: call your local emergency number. Readings and messages are reviewed during clinic hours.',
  },
  {
    id: '00000000-0000-4000-8000-0000000ac002',
    kind: 'privacy_policy',
    title: 'Privacy policy',
    body: 'Your health data is used to care for you. Every access to your record is logged, and you can see who viewed it under "Who viewed my record". You choose who acts for you as a proxy.',
  },
] as const;
const EFFECTIVE = '2025-01-01T00:00:00Z';

/**
 * Clinic configuration demo: every portal feature switched on for the demo clinic (explicit rows,
 * so the admin screen shows them), and version 1 of the terms, accepted by every demo user so the
 * demo sign-ins are not interrupted; publish version 2 to see the acceptance step.
 */
export async function seed(db: pg.Pool): Promise<void> {
  await inTransaction(db, async (tx) => {
    await tx.query(
      `INSERT INTO portal_feature_settings (clinic_id, department_id, feature, enabled) SELECT $1, NULL, f, true FROM unnest($2::text[]) AS f
       ON CONFLICT DO NOTHING`,
      [CLINIC.id, PORTAL_FEATURES],
    );
    for (const t of DEMO_TERMS) {
      await tx.query(`INSERT INTO terms_versions (id, kind, version, title, body, effective_at) VALUES ($1, $2, 1, $3, $4, $5) ON CONFLICT DO NOTHING`, [t.id, t.kind, t.title, t.body, EFFECTIVE]);
    }
    await tx.query(
      `INSERT INTO terms_acceptances (user_id, terms_version_id, accepted_at)
       SELECT u, t, $3 FROM unnest($1::uuid[]) AS u CROSS JOIN unnest($2::uuid[]) AS t
        WHERE EXISTS (SELECT 1 FROM users WHERE id = u) AND EXISTS (SELECT 1 FROM terms_versions WHERE id = t)
       ON CONFLICT DO NOTHING`,
      [USERS.map((u) => u.id), DEMO_TERMS.map((t) => t.id), EFFECTIVE],
    );
  });
}
