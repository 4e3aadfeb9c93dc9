/**
 * The clinician panel on the triage worklist API (issue 9) and annotation markers on the charts
 * (issue 12), in a real browser: ranking with flag reasons, sort and filter through the API,
 * claim / review / note surviving a reload, annotations on the clinician's patient view and on the
 * patient's own glucose page, axe-core and screenshots at 1280 and 360 px.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { CARE_TEAMS, DEMO_PASSWORD, DEMO_TOTP_SECRET, PATIENTS } from '../../db/src/seed-data.ts';
import { screenshot, signIn } from './support/browser.ts';
import { useBrowserPortal } from './support/browser-portal.ts';
import { insertOpenAlert } from './support/open-alert.ts';
import { checkPage, settle } from './support/page-checks.ts';

const MARIA = PATIENTS[0].id;
const AIKO = PATIENTS[2].id;
const DIABETES = CARE_TEAMS[0].id;
const env = useBrowserPortal({ setup: (db) => insertOpenAlert(db.pool, MARIA, { value: 342, at: new Date(Date.now() - 20 * 60_000) }).then(() => undefined) });
let page: Page;
let phone: Page;
beforeAll(() => ({ page, phone } = env()));

const diabetesTable = () => page.locator('section.worklist-team').filter({ hasText: 'Diabetes care team' }).getByTestId('panel-table');
const rowNames = (table = diabetesTable()) => table.locator('tbody th[scope="row"] a').allTextContents();
const row = (patientId: string) => diabetesTable().locator(`tr[data-patient-id="${patientId}"]`);

/** Call the API as the signed-in page does: its cookies, its CSRF token. */
async function apiPost(path: string, data: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const csrf = (await page.locator('meta[name="csrf-token"]').getAttribute('content')) ?? '';
  const r = await page.request.post(path, { data, headers: { 'x-csrf-token': csrf } });
  return { status: r.status(), body: (await r.json()) as Record<string, unknown> };
}

/** The newest reading of a metric of Maria's, and the one before it. */
async function latestReadings(metric: string): Promise<Array<{ reading_id: string; measured_at: Date }>> {
  const { rows } = await env().db.pool.query<{ reading_id: string; measured_at: Date }>('SELECT reading_id, measured_at FROM readings WHERE patient_id = $1 AND metric = $2 ORDER BY measured_at DESC LIMIT 2', [MARIA, metric]);
  return rows;
}

describe('clinician panel on the worklist API, and annotations on the charts', () => {
  it('lists each team’s patients in the API’s order, with every flag’s reason and evidence link', { timeout: 45_000 }, async () => {
    await signIn(page, 'nurse.patel@demo.vitals', DEMO_PASSWORD, DEMO_TOTP_SECRET);
    await page.waitForURL('**/app/clinic');
    await phone.context().addCookies(await page.context().cookies());
    await settle(page);
    expect(await page.locator('section.worklist-team h3').allTextContents()).toEqual(['Diabetes care team', 'Hypertension care team']);
    const api = (await (await page.request.get(`/v1/care-teams/${DIABETES}/worklist`)).json()) as { patients: Array<{ familyName: string; givenName: string; flags: Array<{ code: string; reason: string }> }> };
    expect(await rowNames()).toEqual(api.patients.map((p) => `${p.familyName}, ${p.givenName}`));
    expect((await rowNames())[0]).toBe('Garcia, Maria');
    const urgent = row(MARIA).locator('[data-flag="urgent_alerts"]');
    expect(await urgent.textContent()).toContain('1 urgent alert unresolved');
    expect(await urgent.getByRole('link').getAttribute('href')).toBe(`/app/clinic/patients/${MARIA}#patient-alerts-title`);
    // every flag the API raised is on the page with its reason
    for (const p of api.patients) for (const f of p.flags) expect(await diabetesTable().textContent()).toContain(f.reason);
    expect(await page.locator('th[aria-sort="descending"]').first().textContent()).toContain('Needs attention');
  });

  it('filters and sorts through the API’s parameters', { timeout: 30_000 }, async () => {
    const worklistCall = (q: string) => page.waitForResponse((r) => r.url().includes(`/v1/care-teams/${DIABETES}/worklist?`) && r.url().includes(q));
    let call = worklistCall('flags=urgent_alerts');
    await page.getByLabel('Needs attention for').selectOption('urgent_alerts');
    await call;
    await expect.poll(() => rowNames()).toEqual(['Garcia, Maria']);
    call = worklistCall('claimed=unclaimed');
    await page.getByLabel('Needs attention for').selectOption('');
    await page.getByLabel('Claimed', { exact: true }).selectOption('unclaimed');
    await call;
    // Maria is claimed by Priya in the demo data
    await expect.poll(() => rowNames()).not.toContain('Garcia, Maria');
    call = worklistCall('sort=priority');
    await page.getByLabel('Claimed', { exact: true }).selectOption('');
    await call;
    await expect.poll(async () => (await rowNames()).length).toBeGreaterThan(1);
    call = worklistCall('sort=name');
    await diabetesTable().getByRole('button', { name: 'Patient' }).click();
    await call;
    await expect.poll(() => diabetesTable().locator('th[aria-sort="ascending"]').textContent()).toContain('Patient');
    const names = await rowNames();
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    expect(await diabetesTable().locator('th[aria-sort="descending"]').count()).toBe(0);
  });

  it('claims a patient, marks them reviewed and adds a note; all of it survives a reload', { timeout: 45_000 }, async () => {
    await row(AIKO).getByRole('button', { name: 'Claim Aiko Tanaka' }).click();
    await expect.poll(() => page.locator('#panel-status').textContent(), { timeout: 15_000 }).toBe('You have claimed Aiko Tanaka.');
    await row(AIKO).getByRole('button', { name: /^Mark reviewed: Aiko Tanaka, / }).click();
    await expect.poll(() => page.locator('#panel-status').textContent(), { timeout: 15_000 }).toMatch(/^Aiko Tanaka marked reviewed for /);
    await row(AIKO).getByText('Add a note').click();
    await row(AIKO).getByLabel('Note about Aiko Tanaka').fill('Sensor restarted; watch overnight lows.');
    await row(AIKO).getByRole('button', { name: 'Save note' }).click();
    await expect.poll(() => page.locator('#panel-status').textContent(), { timeout: 15_000 }).toBe('Note added.');
    await page.reload();
    await settle(page);
    const text = await row(AIKO).textContent();
    expect(text).toContain('Claimed by you');
    expect(text).toMatch(/Reviewed for /);
    expect(text).toContain('Sensor restarted; watch overnight lows.');
    expect(await row(AIKO).getByRole('button', { name: 'Release your claim on Aiko Tanaka' }).count()).toBe(1);
    const claims = await env().db.pool.query('SELECT claimed_by FROM worklist_claims WHERE patient_id = $1 AND care_team_id = $2', [AIKO, DIABETES]);
    expect(claims.rowCount).toBe(1);
    const reviews = await env().db.pool.query('SELECT period FROM worklist_reviews WHERE patient_id = $1 AND care_team_id = $2', [AIKO, DIABETES]);
    expect(reviews.rowCount).toBe(1);
  });

  it('shows annotations as markers on the clinician’s patient view, with the list under each chart', { timeout: 45_000 }, async () => {
    const [glucose] = await latestReadings('glucose');
    const [systolic] = await latestReadings('systolic');
    expect((await apiPost(`/v1/patients/${MARIA}/annotations`, { readingId: glucose!.reading_id, detail: { kind: 'symptom', symptom: 'Felt shaky', severity: 'mild' } })).status).toBe(201);
    expect((await apiPost(`/v1/patients/${MARIA}/annotations`, { readingId: systolic!.reading_id, detail: { kind: 'measurement_condition', conditions: ['seated_back_supported', 'rested_5_minutes'] }, note: 'Checked on a video call.' })).status).toBe(201);
    await page.goto(`/app/clinic/patients/${MARIA}`);
    await settle(page);
    const overlay = page.locator('[data-region="glucose-overlay-chart"]');
    await expect.poll(() => overlay.getByTestId('annotation-list').textContent()).toContain('Felt shaky (mild)');
    await expect.poll(async () => Number(await overlay.getAttribute('data-annotation-markers'))).toBeGreaterThanOrEqual(1);
    const bp = page.locator('[data-region="bp-chart"]');
    expect(await bp.getByTestId('annotation-list').textContent()).toContain('seated, back supported, rested 5 minutes. Checked on a video call.');
    // the glucose symptom is tied to a glucose reading, so it stays off the BP chart
    expect(await bp.getByTestId('annotation-list').textContent()).not.toContain('Felt shaky');
    await expect.poll(async () => Number(await bp.getAttribute('data-annotation-markers'))).toBeGreaterThanOrEqual(1);
    await screenshot(page, 'worklist-patient-annotations');
  });

  it('passes axe-core on the panel and the patient view at 1280 and 360 px, with screenshots', { timeout: 60_000 }, async () => {
    await checkPage(page, '/app/clinic', 'worklist-panel', { phone });
    await checkPage(page, `/app/clinic/patients/${MARIA}`, 'worklist-patient-view', { phone });
  });

  it('shows the patient an annotation made through the API on her glucose page, and lets her add one', { timeout: 60_000 }, async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/signin');
    await signIn(page, 'maria@demo.vitals', DEMO_PASSWORD);
    const [, earlier] = await latestReadings('glucose');
    expect((await apiPost(`/v1/patients/${MARIA}/annotations`, { readingId: earlier!.reading_id, detail: { kind: 'meal', meal: 'lunch', timing: 'before', carbsGrams: 60 } })).status).toBe(201);
    await page.goto('/app/glucose');
    await settle(page);
    const overlay = page.locator('[data-region="glucose-overlay-chart"]');
    const list = overlay.getByTestId('annotation-list');
    await expect.poll(() => list.textContent()).toContain('Before lunch, 60 g carbohydrate');
    expect(await list.textContent()).toContain('Felt shaky (mild)');
    await expect.poll(async () => Number(await overlay.getAttribute('data-annotation-markers'))).toBeGreaterThanOrEqual(1);

    await page.getByLabel('About').selectOption('symptom');
    await page.getByLabel('How you felt').fill('Tired after the walk');
    await page.getByRole('button', { name: 'Add note' }).click();
    await expect.poll(() => page.locator('#glucose-annotate-status').textContent()).toBe('Note added. It shows on the chart and in the list under it.');
    await expect.poll(() => list.textContent()).toContain('Tired after the walk');
    const { rows } = await env().db.pool.query(`SELECT author_role, reading_id FROM reading_annotations WHERE patient_id = $1 AND detail->>'symptom' = 'Tired after the walk'`, [MARIA]);
    expect(rows).toEqual([expect.objectContaining({ author_role: 'patient' })]);
    expect(rows[0].reading_id).not.toBeNull();
    await phone.context().addCookies(await page.context().cookies());
    await checkPage(page, '/app/glucose', 'patient-glucose-annotations', { phone });
    await checkPage(page, '/app/blood-pressure', 'patient-bp-annotations', { phone });
  });

  it('raised no script error and no Content-Security-Policy violation on any page', () => {
    expect(env().problems()).toEqual([]);
  });
});
