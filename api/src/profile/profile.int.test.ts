import { beforeAll, describe, expect, it, vi } from 'vitest';
import { seedDemo } from '../../../db/src/seed.ts';
import { PATIENTS } from '../../../db/src/seed-data.ts';
import { apiHarness, type Harness } from '../../../test/support/api-harness.ts';
import { useTestDb } from '../../../test/support/db-fixture.ts';
import { createMemoryMailer, type Mailer } from '../identity/mail/mailer.ts';
import { DEMO_PHARMACIES } from '../medications/demo-seed.ts';
import { featureApp } from '../portal-records/testing/feature-app.ts';
import { DEMO_PROXY, grantProxy } from '../portal-records/testing/proxy-grant.ts';
import { profileRoutes } from './routes.ts';
import { createMemorySmsSender } from './sms-sender.ts';
import { MAX_ATTEMPTS } from './verification-code.ts';

const db = useTestDb();
const mailer = createMemoryMailer();
const sms = createMemorySmsSender();
let mailerDown = false;
const flakyMailer: Mailer = { send: async (m) => (mailerDown ? Promise.reject(new Error('relay down')) : mailer.send(m)) };
let h: Harness;
const [maria, james] = PATIENTS;
const MARIA = 'maria@demo.vitals';
const path = `/v1/patients/${maria.id}/profile`;
const codeIn = (text: string | undefined) => /code is (\d{6})/.exec(text ?? '')?.[1] ?? 'none';

beforeAll(async () => {
  await seedDemo(db().pool);
  h = apiHarness(db().pool, { buildApp: (deps) => featureApp(deps, (app) => app.route('/', profileRoutes({ db: deps.db, clock: deps.clock, logger: deps.logger, mailer: flakyMailer, sms }))) });
});

const patch = (json: unknown, as = MARIA) => h.request(path, { method: 'PATCH', json, as });
const verify = (channel: 'email' | 'sms', code: string, as = MARIA) => h.request(`${path}/verify-contact`, { json: { channel, code }, as });

describe('profile', () => {
  it('shows contact details and preferences', async () => {
    const r = await h.request(path, { as: MARIA });
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({
      patientId: maria.id,
      name: 'Maria Garcia',
      email: 'maria@demo.vitals',
      phone: '+15550141001',
      language: 'en',
      preferredPharmacy: { id: DEMO_PHARMACIES[0]!.id, name: 'Riverside Community Pharmacy' },
      emergencyContact: { name: 'Luis Garcia', relationship: 'husband', phone: '+15550142001' },
      notificationPreferences: { channels: ['email', 'sms'] },
      pendingVerifications: [],
    });
  });

  it('applies address, language, pharmacy, emergency contact and notification changes at once, audited', async () => {
    const change = {
      address: { line1: '1 New Street', city: 'Springfield', postalCode: '01109' },
      language: 'es',
      preferredPharmacyId: DEMO_PHARMACIES[2]!.id,
      emergencyContact: null,
      notificationPreferences: { channels: ['sms'], topics: ['medications'] },
    };
    const r = await patch(change);
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({
      address: { line1: '1 New Street', city: 'Springfield', postalCode: '01109', country: 'US' },
      language: 'es',
      preferredPharmacy: { id: DEMO_PHARMACIES[2]!.id },
      emergencyContact: null,
      notificationPreferences: { channels: ['sms'], topics: ['medications'] },
    });
    const audit = await db().pool.query(`SELECT resource, reason FROM audit_log WHERE patient_id = $1 AND action = 'profile.update'`, [maria.id]);
    expect(audit.rows).toEqual([{ resource: 'profile/address,emergencyContact,language,notificationPreferences,preferredPharmacyId', reason: 'via self' }]);
  });

  it('keeps a new email pending until the code sent to it is entered, then tells the old address', async () => {
    const r = await patch({ email: 'maria.new@example.org' });
    const body = await r.json();
    expect(body.email).toBe('maria@demo.vitals');
    expect(body.pendingVerifications).toEqual([{ channel: 'email', value: 'maria.new@example.org', expiresAt: '2026-06-01T12:15:00.000Z' }]);
    const code = codeIn(mailer.lastTo('maria.new@example.org')?.text);
    const stored = await db().pool.query('SELECT code_hash FROM contact_verifications WHERE value = $1', ['maria.new@example.org']);
    expect(stored.rows[0].code_hash).not.toContain(code);

    const wrong = await verify('email', code === '000000' ? '111111' : '000000');
    expect(wrong.status).toBe(422);
    expect(await wrong.json()).toMatchObject({ code: 'wrong' });
    const ok = await verify('email', code);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ email: 'maria.new@example.org', pendingVerifications: [] });
    await vi.waitFor(() => expect(mailer.lastTo('maria@demo.vitals')?.subject).toBe('The email address on your Vitals profile changed'));
    expect((await verify('email', code)).status).toBe(404);
  });

  it('stops accepting a phone code after too many wrong tries, and after it expires', async () => {
    await patch({ phone: '+15550149999' });
    const code = codeIn(sms.lastTo('+15550149999')?.text);
    const wrongCode = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < MAX_ATTEMPTS; i++) expect((await verify('sms', wrongCode)).status).toBe(422);
    const locked = await verify('sms', code);
    expect(await locked.json()).toMatchObject({ status: 422, code: 'too_many_attempts' });

    // asking again replaces the spent code with a new one
    await patch({ phone: '+15550149999' });
    const second = codeIn(sms.lastTo('+15550149999')?.text);
    h.clock.advance(16 * 60_000);
    expect(await (await verify('sms', second)).json()).toMatchObject({ code: 'expired' });
    await patch({ phone: '+15550149999' });
    const third = codeIn(sms.lastTo('+15550149999')?.text);
    expect(await (await verify('sms', third)).json()).toMatchObject({ phone: '+15550149999' });
  });

  it('sends no code for an unchanged value, and answers 503 when the code cannot be sent', async () => {
    const before = sms.sent.length;
    expect((await (await patch({ phone: '+15550149999' })).json()).pendingVerifications).toEqual([]);
    expect(sms.sent.length).toBe(before);
    mailerDown = true;
    expect((await patch({ email: 'elsewhere@example.org' })).status).toBe(503);
    mailerDown = false;
  });

  it('validates input', async () => {
    expect((await patch({ phone: '555-1234' })).status).toBe(400);
    expect((await patch({})).status).toBe(400);
    expect((await patch({ language: 'not a tag' })).status).toBe(400);
    const pharmacy = await patch({ preferredPharmacyId: '00000000-0000-4000-8000-00000000dead' });
    expect(pharmacy.status).toBe(422);
  });

  it('lets a proxy keep the profile, staff only read it, and nobody else in', async () => {
    await grantProxy(db().pool, maria.id, { scopes: ['billing'] });
    expect((await patch({ language: 'en' }, DEMO_PROXY.email)).status).toBe(200);
    expect((await h.request(path, { as: 'nurse.patel@demo.vitals' })).status).toBe(200);
    expect((await patch({ language: 'en' }, 'nurse.patel@demo.vitals')).status).toBe(403);
    expect((await h.request(path, { as: 'james@demo.vitals' })).status).toBe(403);
    expect((await h.request(`/v1/patients/${james.id}/profile`, { method: 'PATCH', json: { language: 'fr' }, as: MARIA })).status).toBe(403);
  });
});
