import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../common/src/clock.ts';
import { listen } from '../../common/src/http-server.ts';
import { silentLogger } from '../../common/src/logger.ts';
import { createQueueFactory, type QueueFactory } from '../../common/src/queue.ts';
import { createApp } from '../../api/src/app.ts';
import { createQueueBoardSource } from '../../api/src/queue-board/source.ts';
import { FILLED_QUEUE, fillQueue } from '../../api/src/queue-board/testing/fill-queue.ts';
import { seedDemo } from '../../db/src/seed.ts';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../db/src/seed-data.ts';
import { useTestDb } from '../support/db-fixture.ts';
import { freePort } from '../support/ports.ts';
import { REDIS_URL } from '../support/services.ts';
import { launchBrowser, openPage, PHONE, screenshot, seriousAxeViolations, signIn } from './support/browser.ts';
import { checkPage, settle } from './support/page-checks.ts';

/**
 * The operators' queue board in Chromium, on Redis with jobs in several states. The shared portal
 * fixture has no queue store, so this file serves the app itself, with one.
 */
const db = useTestDb();
let queues: QueueFactory;
let browser: Browser;
let page: Page;
let phone: Page;
let problems: () => string[];
let closeServer: () => Promise<void>;

beforeAll(async () => {
  await seedDemo(db().pool);
  queues = createQueueFactory({ kind: 'redis', url: REDIS_URL }, { prefix: `qbw${randomBytes(4).toString('hex')}` });
  await fillQueue(queues);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const app = createApp({
    db: db().pool,
    clock: systemClock,
    logger: silentLogger(),
    queues: createQueueBoardSource(queues),
    config: { PUBLIC_URL: url, MAX_BODY_BYTES: 1024 * 1024, SESSION_SECRET: 'queue-board-e2e-secret-0123456789abcdef', SESSION_IDLE_MINUTES: 30, SESSION_ABSOLUTE_HOURS: 12 },
  });
  const server = await listen(app.fetch, { port, host: '127.0.0.1' });
  closeServer = () => server.close();
  browser = await launchBrowser();
  const desktop = await openPage(browser, url);
  const small = await openPage(browser, url, PHONE);
  ({ page } = desktop);
  phone = small.page;
  problems = () => [...desktop.problems, ...small.problems];
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await closeServer?.();
  await queues?.close();
});

describe('queue board in a real browser', () => {
  it('is in the admin navigation and passes axe-core at 1280 and 360 px, with screenshots', { timeout: 60_000 }, async () => {
    await signIn(page, 'admin@demo.vitals', DEMO_PASSWORD, DEMO_TOTP_SECRET);
    await phone.context().addCookies(await page.context().cookies());
    expect(await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Job queues' }).getAttribute('href')).toBe('/app/admin/queues');
    await checkPage(page, '/app/admin/queues', 'admin-queues', { phone });
    const row = page.getByTestId('queue-table').locator('tr', { has: page.getByRole('rowheader', { name: FILLED_QUEUE }) });
    expect(await row.textContent()).toContain('Taking jobs');
  });

  it('lists failed jobs without their data, retries one and removes another', { timeout: 30_000 }, async () => {
    await page.goto('/app/admin/queues');
    await settle(page);
    await page.getByRole('button', { name: `Failed jobs in ${FILLED_QUEUE}: 2` }).click();
    const jobs = page.getByTestId('job-table');
    await jobs.waitFor();
    const text = (await jobs.textContent()) ?? '';
    expect(text).toContain('bad-1');
    expect(text).toContain('550 mailbox <[address]>');
    expect(text).not.toContain('maria');
    // the list is drawn by the page, so axe runs on it here rather than on a fresh load
    expect((await seriousAxeViolations(page)).map((v) => v.id)).toEqual([]);
    await screenshot(page, 'admin-queues-failed');

    await page.getByRole('button', { name: 'Retry job bad-1' }).click();
    await expect.poll(() => page.locator('#queue-status').textContent()).toBe('Job bad-1 will run again.');
    await expect.poll(() => jobs.textContent()).not.toContain('bad-1');

    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Remove job bad-2' }).click();
    await expect.poll(() => page.locator('#queue-status').textContent()).toBe('Job bad-2 removed.');
    expect(await queues.queue(FILLED_QUEUE).getJob('bad-2')).toBeUndefined();
    expect(await queues.queue(FILLED_QUEUE).getJobState('bad-1')).toBe('waiting');
  });

  it('sends a clinician who opens the board to their own home page', { timeout: 30_000 }, async () => {
    const other = await openPage(browser, page.url().replace(/\/app.*$/, ''));
    await signIn(other.page, 'nurse.patel@demo.vitals', DEMO_PASSWORD, DEMO_TOTP_SECRET);
    await other.page.goto('/app/admin/queues');
    expect(new URL(other.page.url()).pathname).toBe('/app/clinic');
    await other.page.close();
  });

  it('raised no script error and no Content-Security-Policy violation', () => {
    expect(problems()).toEqual([]);
  });
});
