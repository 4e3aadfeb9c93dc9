import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, PATIENTS } from '../../db/src/seed-data.ts';
import { screenshot, signIn } from './support/browser.ts';
import { useBrowserPortal } from './support/browser-portal.ts';
import { insertOpenAlert } from './support/open-alert.ts';
import { checkPage, settle } from './support/page-checks.ts';

const MARIA = PATIENTS[0].id;
const env = useBrowserPortal({ setup: (db) => insertOpenAlert(db.pool, MARIA, { value: 342, at: new Date(Date.now() - 20 * 60_000) }).then(() => undefined) });
let page: Page;
let phone: Page;
beforeAll(() => ({ page, phone } = env()));

describe('clinician portal in a real browser', () => {
  it('shows the sign-in page accessibly before anyone signs in', { timeout: 30_000 }, async () => {
    await checkPage(page, '/signin', 'sign-in', { phone });
    await checkPage(page, '/app/help', 'help', { phone });
  });

  it('signs in with password and TOTP and lands on the panel, most need first', { timeout: 30_000 }, async () => {
    await signIn(page, 'nurse.patel@demo.vitals', DEMO_PASSWORD, DEMO_TOTP_SECRET);
    await page.waitForURL('**/app/clinic');
    await phone.context().addCookies(await page.context().cookies());
    await settle(page);
    const firstRow = page.getByTestId('panel-table').locator('tbody tr').first();
    expect(await firstRow.textContent()).toContain('Garcia');
    expect(await firstRow.textContent()).toContain('1 urgent');
  });

  it('acknowledges an alert, then adds a note', { timeout: 30_000 }, async () => {
    await page.goto('/app/clinic/alerts');
    await settle(page);
    await page.getByRole('button', { name: /^Acknowledge: Glucose 342/ }).click();
    await expect.poll(() => page.locator('#alert-status').textContent()).toBe('Alert acknowledged.');
    await expect.poll(() => page.getByTestId('alert-list').textContent()).toContain('Acknowledged');
    await page.getByText('Add a note').first().click();
    await page.getByLabel('Note').first().fill('Called the patient; rechecked at 180.');
    await page.getByRole('button', { name: 'Save note' }).first().click();
    await expect.poll(() => page.locator('#alert-status').textContent()).toBe('Note added.');
    const { rows } = await env().db.pool.query(`SELECT state, acknowledged_by FROM alerts WHERE patient_id = $1`, [MARIA]);
    expect(rows[0]).toMatchObject({ state: 'acknowledged' });
  });

  it('passes axe-core on the clinician pages at 1280 and 360 px, with screenshots', { timeout: 60_000 }, async () => {
    await checkPage(page, '/app/clinic', 'clinician-panel', { phone });
    await checkPage(page, '/app/clinic/alerts', 'clinician-alerts', { phone });
    await checkPage(page, `/app/clinic/patients/${MARIA}`, 'clinician-patient', { phone });
    await checkPage(page, '/app/clinic/messages', 'clinician-messages', { phone });
  });

  it('keeps health data out of titles and URLs, and patients out of clinician pages', { timeout: 30_000 }, async () => {
    await page.goto(`/app/clinic/patients/${MARIA}`);
    await settle(page);
    expect(await page.title()).toBe('Patient – Vitals');
    expect(page.url()).not.toMatch(/MRN|Garcia|\?/);
    await screenshot(page, 'clinician-patient-check');
  });

  it('raised no script error and no Content-Security-Policy violation on any page', () => {
    expect(env().problems()).toEqual([]);
  });
});
