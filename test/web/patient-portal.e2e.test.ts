import { randomUUID } from 'node:crypto';
import mqtt from 'mqtt';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, GATEWAYS } from '../../db/src/seed-data.ts';
import { totpCode } from './support/browser.ts';
import { useBrowserPortal } from './support/browser-portal.ts';
import { checkPage, settle } from './support/page-checks.ts';
import type { Portal } from './support/portal-server.ts';

const env = useBrowserPortal({ ingest: true });
let portal: Portal;
let page: Page;
let phone: Page;
beforeAll(() => ({ portal, page, phone } = env()));

const hasRoute = (method: string, path: string) => portal.app.routes.some((r) => r.method === method && r.path === path);

/** Publish one glucose reading from Maria's meter as her gateway would, over MQTT 3.1.1 with QoS 1. */
async function publishGlucose(value: number): Promise<void> {
  const gw = GATEWAYS[0];
  const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${portal.mqttPort}`, { username: gw.id, password: gw.token, clientId: `${gw.id}-e2e`, protocolVersion: 4 });
  const now = new Date().toISOString();
  await client.publishAsync(
    `rpm/v1/gw/${gw.id}/readings`,
    JSON.stringify({ v: 1, gatewayId: gw.id, sentAt: now, readings: [{ id: randomUUID(), deviceId: 'GM-0001', characteristic: '2A18', measuredAt: now, values: [{ metric: 'glucose', value, unit: 'mg/dL' }] }] }),
    { qos: 1 },
  );
  await client.endAsync();
}

describe('patient portal in a real browser', () => {
  let secret = '';

  it('turns on two-step sign-in, then signs in with a TOTP code', { timeout: 60_000 }, async () => {
    await page.goto('/app');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/signin');
    await page.getByLabel('Email address').fill('maria@demo.vitals');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL('**/app');
    await page.goto('/app/privacy');
    await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
    secret = (await page.getByTestId('totp-secret').textContent())!.trim();
    await page.getByLabel('Type the 6-digit code the app shows').fill(totpCode(secret));
    await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
    await page.getByRole('button', { name: 'I have saved my codes' }).click();
    await expect.poll(() => page.getByText('You sign in with your password and a code').count()).toBe(1);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/signin');
    await page.getByLabel('Email address').fill('maria@demo.vitals');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    // the enrolment used this 30-second step's code; a code is good once, so use the next step's
    await page.getByLabel('6-digit code from your authenticator app').fill(totpCode(secret, Date.now() + 30_000));
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL('**/app');
    await expect(page.getByRole('heading', { level: 1 })).toBeTruthy();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Hello, Maria');

    // the phone-sized browser shares this session (a second sign-in would need the step after next)
    await phone.context().addCookies(await page.context().cookies());
  });

  it('sends a message to the care team', { timeout: 30_000 }, async () => {
    await page.goto('/app/messages');
    await settle(page);
    await page.getByRole('button', { name: 'New message' }).click();
    await page.getByLabel('Subject').fill('Question about my evening readings');
    await page.getByLabel('Your message').fill('My sugar is higher after dinner. Should I change anything?');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(() => page.locator('#message-status').textContent()).toContain('Message sent');
    await expect.poll(() => page.locator('.message-body').filter({ hasText: 'higher after dinner' }).count()).toBe(1);
    await expect.poll(() => page.getByRole('button', { name: /Question about my evening readings/ }).count()).toBe(1);
  });

  it('books and cancels an appointment', { timeout: 30_000 }, async (ctx) => {
    if (!hasRoute('POST', '/v1/patients/:patientId/appointments')) ctx.skip();
    page.on('dialog', (d) => void d.accept());
    await page.goto('/app/appointments');
    await settle(page);
    const cancelButtons = page.getByRole('button', { name: /^Cancel visit on/ });
    const before = await cancelButtons.count();
    await page.getByRole('button', { name: 'Find times' }).click();
    const firstSlot = page.locator('.slot-list button').first();
    await firstSlot.waitFor();
    await firstSlot.click();
    await expect.poll(() => page.locator('#appointment-status').textContent()).toContain('Booked');
    await expect.poll(() => cancelButtons.count()).toBe(before + 1);
    await cancelButtons.first().click();
    await expect.poll(() => page.locator('#appointment-status').textContent()).toContain('is cancelled');
    await expect.poll(() => cancelButtons.count()).toBe(before);
  });

  it('shows a reading published over MQTT on the open glucose chart', { timeout: 30_000 }, async () => {
    await page.goto('/app/glucose');
    await settle(page);
    await expect.poll(() => page.getByText('New readings will appear here by themselves.').count()).toBe(1);
    await publishGlucose(287);
    await expect.poll(() => page.getByTestId('latest-glucose').textContent(), { timeout: 15_000 }).toContain('287');
    await expect.poll(() => page.getByText(/New blood sugar reading received/).count()).toBe(1);
  });

  it('passes axe-core on every main page at 1280 and 360 px, with screenshots', { timeout: 240_000 }, async () => {
    const pages: Array<[string, string]> = [
      ['/app', 'patient-home'],
      ['/app/welcome', 'patient-welcome'],
      ['/app/appointments', 'patient-appointments'],
      ['/app/messages', 'patient-messages'],
      ['/app/results', 'patient-results'],
      ['/app/glucose', 'patient-glucose'],
      ['/app/blood-pressure', 'patient-blood-pressure'],
      ['/app/summary', 'patient-summary'],
      ['/app/medications', 'patient-medications'],
      ['/app/billing', 'patient-billing'],
      ['/app/forms', 'patient-forms'],
      ['/app/privacy', 'patient-privacy'],
      ['/app/access-log', 'patient-access-log'],
      ['/app/help/glucose', 'help-glucose'],
    ];
    for (const [path, name] of pages) await checkPage(page, path, name, { phone });
    // one result's page, with its history chart, when the demo has results
    await page.goto('/app/results');
    await settle(page);
    const first = page.locator('table a[href^="/app/results/"]').first();
    if (await first.count()) await checkPage(page, (await first.getAttribute('href'))!, 'patient-result-detail', { phone });
  });

  it('keeps the section menu usable by keyboard on a phone', { timeout: 20_000 }, async () => {
    await phone.goto('/app');
    await phone.keyboard.press('Tab');
    expect(await phone.evaluate(() => document.activeElement?.textContent)).toBe('Skip to main content');
    const menu = phone.getByRole('button', { name: 'Menu' });
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await phone.getByRole('link', { name: 'Test results' }).isVisible()).toBe(false);
    await menu.focus();
    await phone.keyboard.press('Enter');
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await phone.getByRole('link', { name: 'Test results' }).click();
    await phone.waitForURL('**/app/results');
  });

  it('raised no script error and no Content-Security-Policy violation on any page', () => {
    expect(env().problems()).toEqual([]);
  });
});
