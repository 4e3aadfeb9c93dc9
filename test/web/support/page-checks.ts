import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { PHONE, screenshot, seriousAxeViolations } from './browser.ts';

/** What no page title may contain: names, MRNs, dates of birth or measured values. */
const HEALTH_DATA_IN_TITLE = /MRN|\d{2,}|Garcia|Wilson|Tanaka|Okafor|Schmidt|mg\/dL|mmHg/i;

/**
 * Open a page and check what every main page must satisfy: it settles (no region still
 * loading), axe-core finds no serious or critical WCAG 2.1 A/AA violation, the title holds no
 * health data, and a skip link leads to <main>. Saves desktop and 360 px screenshots.
 */
export async function checkPage(page: Page, path: string, name: string, opts: { phone?: Page } = {}): Promise<void> {
  await page.goto(path);
  await settle(page);
  const violations = await seriousAxeViolations(page);
  expect(violations.map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), `${path} axe`).toEqual([]);
  expect(await page.title(), `${path} title`).not.toMatch(HEALTH_DATA_IN_TITLE);
  expect(await page.locator('a.skip-link[href="#main"]').count(), `${path} skip link`).toBe(1);
  await screenshot(page, name);
  if (opts.phone) {
    await opts.phone.goto(path);
    await settle(opts.phone);
    await screenshot(opts.phone, name);
    // nothing may force sideways scrolling at 360 px
    const overflow = await opts.phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${path} at ${PHONE.width}px scrolls sideways`).toBeLessThanOrEqual(0);
  }
}

/** Wait until every region the server marked busy has been filled by the page's script. */
export async function settle(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelectorAll('[aria-busy="true"]').length === 0, undefined, { timeout: 10_000 });
}
