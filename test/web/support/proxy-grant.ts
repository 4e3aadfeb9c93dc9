import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { PATIENTS, USERS } from '../../../db/src/seed-data.ts';
import type { TestDb } from '../../support/test-db.ts';
import { seriousAxeViolations } from './browser.ts';

/** The demo's proxy: Lena Schmidt's parent, with every scope but privacy for Lena. */
export const anna = USERS.find((u) => u.email === 'anna.schmidt@demo.vitals')!;

/**
 * A second, narrow grant for the proxy tests: Anna also looks after James, with medicines only,
 * so the switcher has two records and one of them leaves most sections (and home readings) out.
 * Pass as `useBrowserPortal({ setup: addLimitedGrant })`.
 */
export async function addLimitedGrant(db: TestDb): Promise<void> {
  await db.pool.query(`INSERT INTO proxy_grants (proxy_user_id, patient_id, relationship, scopes, is_parent, expires_at) VALUES ($1, $2, 'caregiver', '{medications}', false, NULL)`, [anna.id, PATIENTS[1].id]);
}

/** No serious or critical axe-core violation on the page as it is now, each listed by rule and place. */
export async function expectNoSeriousAxe(p: Page, what: string): Promise<void> {
  expect((await seriousAxeViolations(p)).map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), what).toEqual([]);
}
