import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../../../db/src/seed.ts';
import { CLINIC, PATIENTS } from '../../../../db/src/seed-data.ts';
import { useTestDb } from '../../../../test/support/db-fixture.ts';
import { freshClient, identityHarness, login, sessionFrom, tokenInMail } from '../test-support.ts';
import { ACTIVATION_INVALID } from './routes.ts';

const db = useTestDb();
const LENA = PATIENTS[4];
const GOOD_PASSWORD = 'lantern orchard violet 42';

beforeAll(async () => {
  await seedDemo(db().pool);
});

/** A patient without an account, in the diabetes care team (Dr. Chen, Nurse Patel). */
async function newPatient(birthDate = '1980-02-29') {
  const id = randomUUID();
  const mrn = `MRN-T${id.slice(0, 6)}`;
  await db().pool.query(`INSERT INTO patients (id, clinic_id, mrn, given_name, family_name, birth_date) VALUES ($1, $2, $3, 'Test', 'Person', $4)`, [id, CLINIC.id, mrn, birthDate]);
  await db().pool.query(`INSERT INTO care_team_patients (care_team_id, patient_id) VALUES ('00000000-0000-4000-8000-0000000000a1', $1)`, [id]);
  return { id, mrn, birthDate };
}

type H = ReturnType<typeof identityHarness>;

async function issueCode(h: H, patientId: string, as = 'dr.chen@demo.vitals', json: unknown = {}) {
  return h.request(`/v1/admin/patients/${patientId}/activation-codes`, { json, as });
}

function activate(h: H, body: Record<string, unknown>, client = freshClient()) {
  return h.request('/v1/auth/activate', { json: { email: `p-${randomUUID().slice(0, 8)}@example.org`, password: GOOD_PASSWORD, ...body }, headers: client });
}

describe('activation codes', () => {
  it('are issued once to the care team or a clinic admin, never to others', async () => {
    const h = identityHarness(db().pool);
    const res = await issueCode(h, LENA.id, 'nurse.patel@demo.vitals');
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = await res.json();
    expect(body.code).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    expect(new Date(body.expiresAt).getTime() - h.clock.now().getTime()).toBe(14 * 86_400_000);
    expect((await issueCode(h, LENA.id, 'admin@demo.vitals', { validDays: 30 })).status).toBe(201);
    expect((await issueCode(h, LENA.id, 'dr.johnson@demo.vitals')).status).toBe(403); // hypertension team: not Lena's
    expect((await issueCode(h, LENA.id, 'dr.outside@demo.vitals')).status).toBe(403);
    expect((await issueCode(h, LENA.id, 'maria@demo.vitals')).status).toBe(403);
    expect((await issueCode(h, PATIENTS[0].id, 'dr.chen@demo.vitals')).status).toBe(409); // Maria has an account
  });
});

describe('POST /v1/auth/activate', () => {
  it('creates the patient account, emails a verification link, and the account signs in', async () => {
    const h = identityHarness(db().pool);
    const p = await newPatient();
    const { code } = await (await issueCode(h, p.id)).json();
    const email = 'new.patient@example.org';
    const res = await activate(h, { mrn: p.mrn.toLowerCase(), dateOfBirth: p.birthDate, activationCode: code.toLowerCase().replace('-', ' '), email });
    expect(res.status, await res.clone().text()).toBe(201);
    expect(await res.json()).toMatchObject({ user: { email, role: 'patient', patientId: p.id, emailVerified: false, displayName: 'Test Person' } });

    const token = tokenInMail(h.mailer, email);
    expect(h.mailer.lastTo(email)!.text).not.toContain(p.mrn);
    expect((await h.request('/v1/auth/verify-email', { json: { token } })).status).toBe(204);
    expect((await h.request('/v1/auth/verify-email', { json: { token } })).status).toBe(400); // single use
    const signedIn = await login(h, email, GOOD_PASSWORD);
    expect(await signedIn.clone().json()).toMatchObject({ user: { emailVerified: true } });
    const s = await sessionFrom(signedIn);
    expect((await h.request(`/v1/patients/${p.id}/privacy`, { headers: s })).status).toBe(200);
  });

  it('answers a wrong MRN, date of birth or code with the same 400', async () => {
    const h = identityHarness(db().pool);
    const p = await newPatient();
    const { code } = await (await issueCode(h, p.id)).json();
    const bodies = [];
    for (const wrong of [{ mrn: 'MRN-999999' }, { dateOfBirth: '1980-03-01' }, { activationCode: 'ZZZZZ-ZZZZZ' }, { activationCode: 'not-a-code!' }]) {
      const res = await activate(h, { mrn: p.mrn, dateOfBirth: p.birthDate, activationCode: code, ...wrong });
      expect(res.status).toBe(400);
      const { instance: _ignored, ...problem } = await res.json();
      bodies.push(problem);
    }
    expect(bodies[0]).toMatchObject({ detail: ACTIVATION_INVALID });
    for (const b of bodies) expect(b).toEqual(bodies[0]);
  });

  it('refuses a used code and an expired one', async () => {
    const h = identityHarness(db().pool);
    const p = await newPatient();
    const { code } = await (await issueCode(h, p.id)).json();
    expect((await activate(h, { mrn: p.mrn, dateOfBirth: p.birthDate, activationCode: code })).status).toBe(201);
    const reused = await activate(h, { mrn: p.mrn, dateOfBirth: p.birthDate, activationCode: code });
    expect(reused.status).toBe(400);
    expect((await reused.json()).detail).toMatch(/already used/);

    const q = await newPatient();
    const late = await (await issueCode(h, q.id, 'dr.chen@demo.vitals', { validDays: 1 })).json();
    h.clock.advance(86_400_000 + 1000);
    const expired = await activate(h, { mrn: q.mrn, dateOfBirth: q.birthDate, activationCode: late.code });
    expect(expired.status).toBe(400);
    expect((await expired.json()).detail).toMatch(/expired/);
  });

  it('honours only the newest code for a patient', async () => {
    const h = identityHarness(db().pool);
    const p = await newPatient();
    const first = await (await issueCode(h, p.id)).json();
    const second = await (await issueCode(h, p.id)).json();
    expect((await activate(h, { mrn: p.mrn, dateOfBirth: p.birthDate, activationCode: first.code })).status).toBe(400);
    expect((await activate(h, { mrn: p.mrn, dateOfBirth: p.birthDate, activationCode: second.code })).status).toBe(201);
  });

  it('explains a weak password in plain language and keeps the code usable', async () => {
    const h = identityHarness(db().pool);
    const p = await newPatient();
    const { code } = await (await issueCode(h, p.id)).json();
    const weak = await activate(h, { mrn: p.mrn, dateOfBirth: p.birthDate, activationCode: code, email: 'person@example.org', password: 'password1234' });
    expect(weak.status).toBe(400);
    const problem = await weak.json();
    expect(problem.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'password', message: expect.stringMatching(/too common/) })]));
    const named = await activate(h, { mrn: p.mrn, dateOfBirth: p.birthDate, activationCode: code, email: 'person@example.org', password: 'personal-best-9z' });
    expect((await named.json()).errors[0].message).toMatch(/email address/);
    expect((await activate(h, { mrn: p.mrn, dateOfBirth: p.birthDate, activationCode: code })).status).toBe(201);
  });

  it('refuses an email address that already has an account', async () => {
    const h = identityHarness(db().pool);
    const p = await newPatient();
    const { code } = await (await issueCode(h, p.id)).json();
    expect((await activate(h, { mrn: p.mrn, dateOfBirth: p.birthDate, activationCode: code, email: 'Maria@demo.vitals' })).status).toBe(409);
  });

  it('limits attempts per client address (5, then one every 6 minutes)', async () => {
    const h = identityHarness(db().pool);
    const client = freshClient();
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await activate(h, { mrn: `MRN-X${i}`, dateOfBirth: '1990-01-01', activationCode: 'AAAAA-AAAAA' }, client)).status);
    expect(statuses).toEqual([400, 400, 400, 400, 400, 429]);
    h.clock.advance(6 * 60_000);
    expect((await activate(h, { mrn: 'MRN-X9', dateOfBirth: '1990-01-01', activationCode: 'AAAAA-AAAAA' }, client)).status).toBe(400);
  });

  it('locks an MRN after 5 failures, from any address', async () => {
    const h = identityHarness(db().pool);
    const p = await newPatient();
    const { code } = await (await issueCode(h, p.id)).json();
    for (let i = 0; i < 5; i++) await activate(h, { mrn: p.mrn, dateOfBirth: '2000-01-01', activationCode: code });
    expect((await activate(h, { mrn: p.mrn, dateOfBirth: p.birthDate, activationCode: code })).status).toBe(429);
    h.clock.advance(16 * 60_000);
    expect((await activate(h, { mrn: p.mrn, dateOfBirth: p.birthDate, activationCode: code })).status).toBe(201);
  });
});
