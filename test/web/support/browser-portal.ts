import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { useTestDb } from '../../support/db-fixture.ts';
import type { TestDb } from '../../support/test-db.ts';
import { launchBrowser, openPage, PHONE } from './browser.ts';
import { insertDemoHistory } from './demo-history.ts';
import { startPortal, type Portal } from './portal-server.ts';

export interface BrowserPortal {
  db: TestDb;
  portal: Portal;
  /** A desktop-sized page (1280 px). */
  page: Page;
  /** A phone-sized page (360 px), for the narrow screenshots and checks. */
  phone: Page;
  /** Script errors and CSP violations seen by either page; a test asserts it stays empty. */
  problems: () => string[];
}

/**
 * A browser test file's fixture: its own database with the demo clinic and two weeks of readings,
 * the portal on a free port, Chromium with a desktop and a phone page. Call at the top level.
 */
export function useBrowserPortal(opts: { ingest?: boolean; setup?: (db: TestDb) => Promise<void> } = {}): () => BrowserPortal {
  const db = useTestDb();
  let portal: Portal | undefined;
  let browser: Browser | undefined;
  let ready: BrowserPortal | undefined;
  beforeAll(async () => {
    portal = await startPortal(db(), opts);
    await insertDemoHistory(db().pool);
    await opts.setup?.(db());
    browser = await launchBrowser();
    const desktop = await openPage(browser, portal.url);
    const small = await openPage(browser, portal.url, PHONE);
    ready = { db: db(), portal, page: desktop.page, phone: small.page, problems: () => [...desktop.problems, ...small.problems] };
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await portal?.close();
  });
  return () => {
    if (!ready) throw new Error('browser portal not ready: use it inside a test');
    return ready;
  };
}
