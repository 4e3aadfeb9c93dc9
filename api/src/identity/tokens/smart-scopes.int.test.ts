import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../../../db/src/seed.ts';
import { PATIENTS } from '../../../../db/src/seed-data.ts';
import { useTestDb } from '../../../../test/support/db-fixture.ts';
import type { Harness } from '../../../../test/support/api-harness.ts';
import { insertAppointment } from '../../fhir/testing/fhir-fixtures.ts';
import { identityHarness } from '../test-support.ts';

const db = useTestDb();
const MARIA = PATIENTS[0].id;
const LENA = PATIENTS.find((p) => p.given === 'Lena')!.id;
let h: Harness;
let mariasAppointment: string;

beforeAll(async () => {
  await seedDemo(db().pool);
  h = identityHarness(db().pool);
  mariasAppointment = await insertAppointment(db().pool, MARIA, '2026-06-10T14:00:00Z');
});

/** POST /v1/auth/tokens from `as`'s browser session. */
async function requestToken(as: string, scopes: string[]) {
  const res = await h.request('/v1/auth/tokens', { json: { name: 'a SMART app', scopes }, as });
  return { status: res.status, type: res.headers.get('content-type'), body: await res.json() };
}
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const fhirStatus = async (path: string, token: string) => {
  const res = await h.request(path, { headers: bearer(token) });
  return { status: res.status, body: await res.json() };
};

describe('SMART scopes on API tokens', () => {
  it('are granted as requested when the user may grant them, stored, and returned space-separated', async () => {
    const { status, body } = await requestToken('maria@demo.vitals', ['readings:read', 'patient/Observation.read', 'patient/Appointment.rs']);
    expect(status).toBe(201);
    expect(body.scope).toBe('readings:read patient/Observation.read patient/Appointment.rs');
    expect(body.scopes).toEqual(['readings:read', 'patient/Observation.read', 'patient/Appointment.rs']);
    const { rows } = await db().pool.query<{ scopes: string[] }>('SELECT scopes FROM api_tokens WHERE id = $1', [body.id]);
    expect(rows[0]!.scopes).toEqual(body.scopes);
  });

  it('are narrowed to what the user may grant: reads only, patient/ for patients, user/ for staff', async () => {
    const patient = await requestToken('maria@demo.vitals', ['patient/Observation.cruds', 'patient/Patient.*', 'patient/Device.write', 'user/Patient.read']);
    expect(patient.status).toBe(201);
    expect(patient.body.scope).toBe('patient/Observation.rs patient/Patient.read');
    const clinician = await requestToken('dr.chen@demo.vitals', ['user/Observation.read', 'patient/Observation.read']);
    expect(clinician.status).toBe(201);
    expect(clinician.body.scope).toBe('user/Observation.read');
  });

  it('are narrowed for a proxy to the resource types their active grants cover', async () => {
    await db().pool.query("UPDATE proxy_grants SET scopes = '{appointments}' WHERE patient_id = $1", [LENA]);
    const narrowed = await requestToken('anna.schmidt@demo.vitals', ['patient/*.read', 'patient/Observation.rs']);
    expect(narrowed.status).toBe(201);
    expect(narrowed.body.scope).toBe('patient/Appointment.read patient/Device.read patient/Patient.read');
    // and enforced on Lena's record: appointments yes, observations no
    expect((await fhirStatus(`/fhir/R4/Appointment?patient=${LENA}`, narrowed.body.token)).status).toBe(200);
    expect((await fhirStatus(`/fhir/R4/Observation?patient=${LENA}`, narrowed.body.token)).status).toBe(403);

    await db().pool.query('UPDATE proxy_grants SET revoked_at = now() WHERE patient_id = $1', [LENA]);
    const none = await requestToken('anna.schmidt@demo.vitals', ['patient/*.read']);
    expect(none.status).toBe(400);
    expect(none.body.detail).toBe('invalid_scope: none of the requested scopes can be granted');
  });

  it('refuse unknown and malformed scopes, and requests of which nothing can be granted, with invalid_scope', async () => {
    for (const scope of ['patient/Medication.read', 'patient/Observation.sr', 'system/Observation.read', 'patient/Observation.rs?category=laboratory', 'admin:everything', 'openid']) {
      const { status, type, body } = await requestToken('maria@demo.vitals', ['patient/Observation.read', scope]);
      expect(status, scope).toBe(400);
      expect(type).toBe('application/problem+json');
      expect(body.detail, scope).toMatch(/^invalid_scope: /);
      expect(body.errors[0]).toMatchObject({ path: 'scopes.1' });
    }
    const nothing = await requestToken('maria@demo.vitals', ['user/*.read', 'patient/Observation.write']);
    expect(nothing).toMatchObject({ status: 400, type: 'application/problem+json', body: { detail: 'invalid_scope: none of the requested scopes can be granted' } });
    expect(nothing.body.errors.map((e: { message: string }) => e.message)).toEqual(['user/*.read: a patient or proxy grants patient/ scopes only', 'patient/Observation.write: this server grants reads only']);
    // other validation errors keep the generic detail
    expect((await h.request('/v1/auth/tokens', { json: { name: '', scopes: ['readings:read'] }, as: 'maria@demo.vitals' }).then((r) => r.json())).detail).toBe('the request is not valid');
  });

  it('are enforced per FHIR resource type and interaction', async () => {
    const { body } = await requestToken('maria@demo.vitals', ['patient/Observation.read', 'patient/Appointment.s']);
    const token = body.token as string;
    expect((await fhirStatus('/fhir/R4/Observation', token)).status).toBe(200);
    const appointment = await fhirStatus(`/fhir/R4/Appointment/${mariasAppointment}`, token);
    expect(appointment.status).toBe(403);
    expect(appointment.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'forbidden' }] });
    expect(appointment.body.issue[0].diagnostics).toContain('patient/Appointment.r');
    expect((await fhirStatus('/fhir/R4/Appointment', token)).status).toBe(200);
    // Observation.read reads results through Observations, not through DiagnosticReports
    expect((await fhirStatus('/fhir/R4/DiagnosticReport', token)).status).toBe(403);
    expect((await fhirStatus(`/fhir/R4/Patient/${MARIA}`, token)).status).toBe(403);
    // $export keeps the types the scopes name; $cgm-summary needs Observation
    const exported = await h.request(`/fhir/R4/Patient/${MARIA}/$export`, { headers: bearer(token) });
    expect(exported.status).toBe(200);
    expect(new Set((await exported.text()).trimEnd().split('\n').filter(Boolean).map((l) => JSON.parse(l).resourceType))).toEqual(new Set(['Observation']));
    const appointmentsOnly = (await requestToken('maria@demo.vitals', ['patient/Appointment.rs'])).body.token as string;
    expect((await fhirStatus(`/fhir/R4/Patient/${MARIA}/$export`, appointmentsOnly)).status).toBe(403);
    expect((await fhirStatus(`/fhir/R4/Patient/${MARIA}/$cgm-summary`, appointmentsOnly)).status).toBe(403);
    // a token with platform scopes only is left to the data scopes, as before
    const platform = (await requestToken('maria@demo.vitals', ['appointments:read'])).body.token as string;
    expect((await fhirStatus(`/fhir/R4/Appointment/${mariasAppointment}`, platform)).status).toBe(200);
  });
});
