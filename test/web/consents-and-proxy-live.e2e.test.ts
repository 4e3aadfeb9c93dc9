import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, PATIENTS, USERS } from '../../db/src/seed-data.ts';
import { signIn } from './support/browser.ts';
import { useBrowserPortal } from './support/browser-portal.ts';
import { checkPage, settle } from './support/page-checks.ts';
import { addLimitedGrant, anna, expectNoSeriousAxe as axe } from './support/proxy-grant.ts';

const [maria, james] = PATIENTS;
const lena = PATIENTS.find((p) => p.given === 'Lena')!;

// Lena's grant to Anna covers home readings; James's (added here) medicines only
const env = useBrowserPortal({ setup: addLimitedGrant });
const focused = (p: Page) => p.evaluate(() => document.activeElement?.id ?? '');
const intro = (p: Page) => p.locator('main .page-heading .intro').textContent();

/** Requests the page makes to a record's live stream while `during` runs, then for `ms` more. */
async function streamRequests(p: Page, patientId: string, ms: number, during: () => Promise<void>): Promise<number> {
  let n = 0;
  const count = (r: { url(): string }) => {
    if (new URL(r.url()).pathname === `/v1/patients/${patientId}/live`) n++;
  };
  p.on('request', count);
  try {
    await during();
    await p.waitForTimeout(ms);
  } finally {
    p.off('request', count);
  }
  return n;
}

describe('withdrawing a consent, and a proxy’s pages, in a real browser', () => {
  it('withdraws a consent after a confirmation, shows it withdrawn and kept in the history, and signs it again', { timeout: 60_000 }, async () => {
    const { page, phone, db } = env();
    await signIn(page, 'maria@demo.vitals', DEMO_PASSWORD);
    await phone.context().addCookies(await page.context().cookies());
    await page.goto('/app/forms');
    await settle(page);
    expect(await intro(page)).toBe('Questionnaires and consent forms from your care team. Fill them in and sign them here.');

    const telehealth = () => page.getByTestId('consent-telehealth');
    expect(await telehealth().getByText('Signed', { exact: true }).count()).toBe(1);
    const withdraw = telehealth().getByRole('button', { name: 'Withdraw consent', exact: true });
    expect(await withdraw.getAttribute('aria-expanded')).toBe('false');

    // the confirmation opens in place with focus on its heading; "No, keep it" goes back
    await withdraw.click();
    const confirmBox = telehealth().getByRole('form', { name: /Withdraw consent: .*\?/ });
    await expect.poll(() => confirmBox.isVisible()).toBe(true);
    expect(await focused(page)).toMatch(/^consent-\d+-withdraw-title$/);
    expect(await withdraw.getAttribute('aria-expanded')).toBe('true');
    expect(await confirmBox.textContent()).toContain('stays in the history of this consent');
    await axe(page, 'withdraw confirmation');
    await page.screenshot({ path: 'test-output/screenshots/consent-withdraw-confirm-1280.png', fullPage: true });
    await confirmBox.getByRole('button', { name: 'No, keep it' }).click();
    expect(await confirmBox.isVisible()).toBe(false);
    expect(await focused(page)).toMatch(/^consent-\d+-withdraw-open$/);

    // an API refusal (here: it was withdrawn in another session meanwhile) is shown, not swallowed
    await withdraw.click();
    const { rows: active } = await db.pool.query<{ id: string }>(`SELECT id FROM consents WHERE patient_id = $1 AND kind = 'telehealth' AND ended_at IS NULL`, [maria.id]);
    await db.pool.query(`UPDATE consents SET ended_at = now(), ended_by = $2, ended_how = 'revoked' WHERE id = $1`, [active[0]!.id, USERS.find((u) => u.email === maria.email)!.id]);
    await confirmBox.getByRole('button', { name: 'Yes, withdraw consent' }).click();
    const error = confirmBox.getByRole('alert');
    await expect.poll(() => error.textContent()).toBe('This consent was already revoked.');
    expect(await focused(page)).toMatch(/^consent-\d+-withdraw-error$/);
    // put it back in force for the real withdrawal
    await db.pool.query(`UPDATE consents SET ended_at = NULL, ended_by = NULL, ended_how = NULL WHERE id = $1`, [active[0]!.id]);
    await page.reload();
    await settle(page);

    await telehealth().getByRole('button', { name: 'Withdraw consent', exact: true }).click();
    await telehealth().getByLabel('Reason (optional)').fill('I will come to the clinic instead.');
    await telehealth().getByRole('button', { name: 'Yes, withdraw consent' }).click();
    await expect.poll(() => page.locator('#page-status').textContent()).toContain('You withdrew: Telehealth');
    await expect.poll(() => telehealth().getByText('Withdrawn', { exact: true }).count()).toBe(1);
    expect(await telehealth().locator('.item-meta').first().textContent()).toMatch(/^on .*\d{4}\. You can sign it again\.$/);
    expect(await focused(page)).toMatch(/^consent-\d+-title$/);
    expect(await telehealth().getByRole('button', { name: 'Withdraw consent', exact: true }).count()).toBe(0);
    await telehealth().locator('.consent-history summary').click();
    expect(await telehealth().locator('.consent-history li').first().textContent()).toMatch(/^Version 1: signed on .* by Maria Garcia, withdrawn on .*\.$/);
    const { rows: ended } = await db.pool.query(`SELECT ended_how, end_note FROM consents WHERE id = $1`, [active[0]!.id]);
    expect(ended).toEqual([{ ended_how: 'revoked', end_note: 'I will come to the clinic instead.' }]);
    await axe(page, 'withdrawn consent');

    // and it can be signed again
    await telehealth().getByLabel('I have read this consent and I agree to it.').check();
    await telehealth().getByRole('button', { name: 'Sign this consent' }).click();
    await expect.poll(() => telehealth().getByText('Signed', { exact: true }).count()).toBe(1);
    expect(await telehealth().getByRole('button', { name: 'Withdraw consent', exact: true }).count()).toBe(1);
    expect(await telehealth().locator('.consent-history li').count()).toBe(2);
    const { rows: history } = await db.pool.query(`SELECT ended_how FROM consents WHERE patient_id = $1 AND kind = 'telehealth' ORDER BY signed_at`, [maria.id]);
    expect(history).toEqual([{ ended_how: 'revoked' }, { ended_how: null }]);
    await checkPage(page, '/app/forms', 'consent-withdrawn', { phone });
  });

  it('names the record a proxy is viewing in the page intros, and keeps "your" for the patient', { timeout: 60_000 }, async () => {
    const { page } = env();
    // still Maria: her own record
    await page.goto('/app/medications');
    expect(await intro(page)).toBe('The medicines on your record. Ask for a refill here.');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/signin');
    await signIn(page, anna.email, DEMO_PASSWORD);
    await page.goto(`/app/forms?record=${lena.id}`);
    await settle(page);
    const name = `${lena.given} ${lena.family}`;
    expect(await intro(page)).toBe(`Questionnaires and consent forms from ${name}'s care team. Fill them in and sign them here.`);
    await page.goto('/app/medications');
    expect(await intro(page)).toBe(`The medicines on ${name}'s record. Ask for a refill here.`);
    expect(await page.getByRole('heading', { level: 2, name: `${name}'s medicines` }).count()).toBe(1);
    await page.goto('/app/glucose');
    expect(await intro(page)).toBe(`${name}'s glucose readings and how much time was spent in the target range.`);
    await page.goto('/app');
    expect(await intro(page)).toBe(`Here is what is coming up and what is new in ${name}'s record.`);
    await settle(page);
    await axe(page, 'proxy home page');
  });

  it('gives a proxy without home readings no live section and no stream, and stops the stream at a 403 without asking again', { timeout: 60_000 }, async () => {
    const { page } = env();
    // James shared medicines only: the home page has no readings panel and opens no stream
    const jamesRequests = await streamRequests(page, james.id, 2_500, async () => {
      await page.goto(`/app?record=${james.id}`);
      await settle(page);
    });
    expect(jamesRequests).toBe(0);
    expect(await page.getByRole('heading', { name: 'Latest home readings' }).count()).toBe(0);
    expect(await page.locator('[data-region="readings"]').count()).toBe(0);
    expect(await intro(page)).toBe(`Here is what is coming up and what is new in ${james.given} ${james.family}'s record.`);
    expect(await page.locator('main').textContent()).toContain(`Use the menu to open the parts of ${james.given} ${james.family}'s record shared with you.`);
    await axe(page, 'proxy home page without home readings');

    // Lena shared home readings, but the stream is refused (her grant changed after the page was
    // made): one request, then nothing, and the readings already shown stay
    await page.route(`**/v1/patients/${lena.id}/live`, (route) =>
      route.fulfill({ status: 403, contentType: 'application/problem+json', body: JSON.stringify({ type: 'about:blank', title: 'Forbidden', status: 403, detail: 'not shared' }) }),
    );
    try {
      const lenaRequests = await streamRequests(page, lena.id, 2_500, async () => {
        await page.goto(`/app?record=${lena.id}`);
        await settle(page);
      });
      expect(lenaRequests).toBe(1);
      expect(await page.locator('[data-region="readings"] .error-summary').count()).toBe(0);
      // the glucose page says live updates are off, instead of promising them
      const glucoseRequests = await streamRequests(page, lena.id, 2_500, async () => {
        await page.goto('/app/glucose');
        await settle(page);
      });
      expect(glucoseRequests).toBe(1);
      expect(await page.locator('[data-region="live-status"]').textContent()).toBe('Live updates are off. Reload the page to see new readings.');
    } finally {
      await page.unroute(`**/v1/patients/${lena.id}/live`);
    }
  });

  it('raised no script error and no Content-Security-Policy violation on any page', () => {
    expect(env().problems()).toEqual([]);
  });
});
