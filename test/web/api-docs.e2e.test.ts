/**
 * The API reference at /docs in a real browser, under the app's own Content-Security-Policy
 * (default-src 'self', no inline scripts): Swagger UI must load from the package, read
 * /openapi.json and render its operations with no CSP violation or script error.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen, type Listening } from '../../common/src/http-server.ts';
import { apiHarness } from '../support/api-harness.ts';
import { useTestDb } from '../support/db-fixture.ts';
import { launchBrowser, openPage } from './support/browser.ts';

const db = useTestDb();
let browser: Browser;
let server: Listening;

beforeAll(async () => {
  server = await listen(apiHarness(db().pool).app.fetch, { port: 0, host: '127.0.0.1' });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('API reference UI', () => {
  it('loads the whole document, FHIR and Nightscout included, under the CSP, with nothing inline and nothing from a CDN', async () => {
    const { page, problems } = await openPage(browser, server.url);
    const offsite: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(server.url) && !r.url().startsWith('data:')) offsite.push(r.url());
    });
    await page.goto('/docs');
    await page.locator('.opblock-tag').first().waitFor({ timeout: 20_000 });
    // Swagger UI renders tags as they scroll into view, so ask its store what it loaded
    const tags = await page.evaluate(() => (window as unknown as { ui: { specSelectors: { taggedOperations(): { keySeq(): { toArray(): string[] } } } } }).ui.specSelectors.taggedOperations().keySeq().toArray());
    expect(tags).toEqual(expect.arrayContaining(['fhir', 'nightscout', 'operations']));
    expect(await page.locator('.errors-wrapper').count()).toBe(0);
    expect(problems).toEqual([]);
    expect(offsite).toEqual([]);
  });
});
