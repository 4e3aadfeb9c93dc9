import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, PATIENTS } from '../../db/src/seed-data.ts';
import { signIn } from './support/browser.ts';
import { useBrowserPortal } from './support/browser-portal.ts';
import { checkPage, settle } from './support/page-checks.ts';
import { addLimitedGrant, anna, expectNoSeriousAxe as axe } from './support/proxy-grant.ts';
import type { TestDb } from '../support/test-db.ts';

const [maria, james] = PATIENTS;
const lena = PATIENTS.find((p) => p.given === 'Lena')!;

// Anna is Lena's parent proxy in the demo; here she also looks after James, with medicines only
const env = useBrowserPortal({ setup: addLimitedGrant });
let page: Page;
let phone: Page;
let db: TestDb;
beforeAll(() => ({ page, phone, db } = env()));

const question = (p: Page, name: RegExp) => p.locator('form.questionnaire').getByRole('group', { name });
const banner = (p: Page) => p.locator('.record-bar');

describe('forms and acting for someone else, in a real browser', () => {
  it('lets a patient fill in a questionnaire: errors shown on the questions, then corrected and stored', { timeout: 60_000 }, async () => {
    await signIn(page, 'maria@demo.vitals', DEMO_PASSWORD);
    await phone.context().addCookies(await page.context().cookies());
    await page.goto('/app/forms');
    await settle(page);
    await page.getByRole('button', { name: /Home blood pressure measurement checklist/ }).click();
    const form = page.locator('form.questionnaire');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('fill-title');

    await form.getByLabel(/When did you measure/).fill('2026-11-20');
    for (const q of [/sat quietly/, /No caffeine/, /emptied my bladder/, /Back supported/, /Arm supported/, /bare upper arm/]) await question(page, q).getByLabel('Yes').check();
    await question(page, /did not talk/).getByLabel('No').check();
    await question(page, /Cuff size/).getByLabel('Adult', { exact: true }).check();
    await form.getByLabel(/How many readings/).fill('two');
    // "Which arm?" left unanswered
    await form.getByRole('button', { name: 'Sign and send' }).click();

    const summary = form.locator('[data-region="form-errors"]');
    await expect.poll(() => summary.isVisible()).toBe(true);
    expect(await summary.getByRole('heading').textContent()).toBe('There are 2 problems');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-region'))).toBe('form-errors');
    const arm = question(page, /Which arm/);
    expect(await arm.getAttribute('aria-describedby')).toContain('-error');
    expect(await arm.locator('.field-error').textContent()).toBe('Please choose an answer.');
    const readings = form.getByLabel(/How many readings/);
    expect(await readings.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await readings.getAttribute('aria-describedby'))!.split(' ');
    expect(await page.locator(`#${describedBy.at(-1)}`).textContent()).toContain('whole number');
    await axe(page, 'forms page with errors');
    await page.screenshot({ path: 'test-output/screenshots/forms-errors-1280.png', fullPage: true });

    // the summary's link takes the keyboard to the question
    await summary.getByRole('link', { name: /Which arm/ }).click();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe(await arm.getByRole('radio').first().getAttribute('name'));
    await arm.getByLabel('Left').check();
    await readings.fill('2');
    await form.getByRole('button', { name: 'Sign and send' }).click();
    await expect.poll(() => page.locator('#page-status').textContent()).toContain('were sent to your care team');
    const shown = page.locator('[data-region="answered"] details[open]');
    await expect.poll(() => shown.count()).toBe(1);
    expect(await shown.textContent()).toContain('Which arm?');
    expect(await shown.locator('dd').allTextContents()).toEqual(expect.arrayContaining(['Left', '2', 'Adult', 'No']));

    const { rows } = await db.pool.query<{ items: Array<{ linkId: string; answer: unknown[] }>; signer_name: string }>(
      `SELECT items, signer_name FROM questionnaire_responses WHERE patient_id = $1 ORDER BY authored_at DESC LIMIT 1`,
      [maria.id],
    );
    const stored = Object.fromEntries(rows[0]!.items.map((i) => [i.linkId, i.answer[0]]));
    expect(stored).toMatchObject({ arm: { valueString: 'left' }, 'readings-taken': { valueInteger: 2 }, 'measured-on': { valueDate: '2026-11-20' }, 'no-talking': { valueBoolean: false } });
    expect(rows[0]!.signer_name).toBe('Maria Garcia');
  });

  it('signs a consent only once the box is ticked', { timeout: 30_000 }, async () => {
    const consent = page.getByTestId('consent-data_sharing');
    await consent.getByRole('button', { name: 'Sign this consent' }).click();
    const box = consent.getByLabel('I have read this consent and I agree to it.');
    await expect.poll(() => consent.locator('.field-error').textContent()).toContain('Please tick the box');
    expect(await box.getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type)).toBe('checkbox');
    await box.check();
    await consent.getByRole('button', { name: 'Sign this consent' }).click();
    await expect.poll(() => page.locator('#page-status').textContent()).toContain('You signed: Data sharing');
    await expect.poll(() => page.getByTestId('consent-data_sharing').getByText('Signed', { exact: true }).count()).toBe(1);
    const { rows } = await db.pool.query(`SELECT signer_name FROM consents WHERE patient_id = $1 AND kind = 'data_sharing' AND ended_at IS NULL`, [maria.id]);
    expect(rows).toEqual([{ signer_name: 'Maria Garcia' }]);
    await checkPage(page, '/app/forms', 'forms', { phone });
  });

  it('lets a proxy choose a record, see that person’s data, switch, and come back', { timeout: 90_000 }, async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/signin');
    await signIn(page, anna.email, DEMO_PASSWORD);
    await phone.context().clearCookies();
    await phone.context().addCookies(await page.context().cookies());
    expect(new URL(page.url()).pathname).toBe('/app');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Whose record do you want to see?');
    await checkPage(page, '/app', 'proxy-chooser', { phone });

    await page.getByRole('button', { name: `View ${lena.given} ${lena.family}'s record` }).click();
    await page.waitForURL((u) => u.searchParams.get('record') === lena.id);
    await settle(page);
    // the choice is remembered for this session (a cookie): the phone-sized page shares both
    await phone.context().addCookies(await page.context().cookies());
    expect(await banner(page).textContent()).toContain(`You are viewing ${lena.given} ${lena.family}'s record.`);
    // the proxy's menu has no privacy settings: those are Lena's alone
    expect(await page.getByRole('link', { name: 'Sharing and security' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Medicines' }).click();
    await settle(page);
    await expect.poll(() => page.locator('[data-region="medications"]').textContent()).toContain('Insulin glargine');
    await checkPage(page, '/app/medications', 'proxy-medicines', { phone });
    await axe(page, 'switcher');

    // a form of a category Lena did not share with proxies: the API's 403, said on the form
    await page.goto('/app/forms');
    await settle(page);
    await page.getByRole('button', { name: /PHQ-9/ }).click();
    for (const group of await page.locator('form.questionnaire fieldset').all()) await group.getByRole('radio').first().check();
    await page.getByRole('button', { name: 'Sign and send' }).click();
    await expect.poll(() => page.locator('[data-region="form-errors"]').textContent()).toContain('not shared with you');
    await page.goto('/app/privacy');
    expect(await page.locator('main .notice').textContent()).toContain(`Only ${lena.given} ${lena.family} can see and change these settings.`);

    // switch to James, whose grant covers medicines only
    await page.goto('/app/medications');
    await page.getByLabel('Switch to').selectOption({ label: `${james.given} ${james.family} (caregiver)` });
    await page.getByRole('button', { name: 'Switch', exact: true }).click();
    await page.waitForURL((u) => u.searchParams.get('record') === james.id);
    await settle(page);
    expect(await banner(page).textContent()).toContain(`You are viewing ${james.given} ${james.family}'s record.`);
    await expect.poll(() => page.locator('[data-region="medications"]').textContent()).toContain('Furosemide');
    expect(await page.getByRole('link', { name: 'Test results' }).count()).toBe(0);
    await page.goto('/app/results');
    expect(await page.locator('main .notice').textContent()).toBe(`${james.given} ${james.family} has not shared this part of their record with you.`);
    expect(await page.locator('script[src*="/assets/pages/"]').count()).toBe(0);
    await axe(page, 'not shared');

    // back to Anna's own account: the chooser, no banner
    await page.getByRole('button', { name: 'Back to my own account' }).click();
    await page.waitForURL((u) => u.pathname === '/app' && u.searchParams.get('record') === 'self');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Whose record do you want to see?');
    expect(await banner(page).count()).toBe(0);
    await page.goto('/app/medications');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Whose record do you want to see?');
  });

  it('raised no script error and no Content-Security-Policy violation on any page', () => {
    expect(env().problems()).toEqual([]);
  });
});
