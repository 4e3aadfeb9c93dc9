import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../../db/src/seed.ts';
import { PATIENTS } from '../../../db/src/seed-data.ts';
import { apiHarness, type Harness } from '../../../test/support/api-harness.ts';
import { useTestDb } from '../../../test/support/db-fixture.ts';
import { demoId } from '../portal-records/demo-ids.ts';
import { featureApp } from '../portal-records/testing/feature-app.ts';
import { DEMO_PROXY, grantProxy } from '../portal-records/testing/proxy-grant.ts';
import { DEMO_CONSENT_DOCUMENT_IDS as DOCS } from './demo-seed.ts';
import { formRoutes } from './routes.ts';

const db = useTestDb();
let h: Harness;
const [maria, james] = PATIENTS;
const MARIA = 'maria@demo.vitals';
const base = `/v1/patients/${maria.id}/consents`;

beforeAll(async () => {
  await seedDemo(db().pool);
  h = apiHarness(db().pool, { buildApp: (deps) => featureApp(deps, (app) => app.route('/', formRoutes(deps))) });
});

type ConsentView = { id: string; status: string; document: { kind: string; version: number }; endedAt: string | null; endNote: string | null };
const consents = async (as = MARIA, path = base) => (await (await h.request(path, { as })).json()) as { documents: Array<{ id: string; kind: string; version: number }>; consents: ConsentView[] };
const sign = (documentId: string, as = MARIA, path = base) => h.request(path, { json: { documentId }, as });

describe('consents', () => {
  it('shows the current documents and the full history, revoked consents included', async () => {
    const c = await consents();
    expect(c.documents.map((d) => `${d.kind} v${d.version}`)).toEqual(['data_sharing v1', 'rpm_program v1', 'telehealth v1']);
    expect(c.consents.map((x) => [x.document.kind, x.status])).toEqual([
      ['data_sharing', 'revoked'],
      ['telehealth', 'active'],
      ['rpm_program', 'active'],
    ]);
    expect(c.consents[0]).toMatchObject({ endedAt: '2026-03-01T10:30:00.000Z', endNote: 'I prefer to share records myself.' });
  });

  it('signs a document once while active, and revokes with a timestamp, keeping the history', async () => {
    const r = await sign(DOCS.data_sharing);
    expect(r.status).toBe(201);
    const signed = await r.json();
    expect(signed).toMatchObject({ status: 'active', signedAt: '2026-06-01T12:00:00.000Z', signedBy: 'Maria Garcia', document: { kind: 'data_sharing', version: 1, title: 'Data sharing with other care providers' } });
    expect((await sign(DOCS.data_sharing)).status).toBe(409);

    h.clock.advance(60_000);
    const revoked = await h.request(`${base}/${signed.id}/revoke`, { json: { reason: 'Changed my mind.' }, as: MARIA });
    expect(await revoked.json()).toMatchObject({ id: signed.id, status: 'revoked', endedAt: '2026-06-01T12:01:00.000Z', endNote: 'Changed my mind.' });
    expect((await h.request(`${base}/${signed.id}/revoke`, { json: {}, as: MARIA })).status).toBe(409);
    expect((await h.request(`${base}/${demoId(42, 99)}/revoke`, { json: {}, as: MARIA })).status).toBe(404);
    expect((await consents()).consents.filter((x) => x.document.kind === 'data_sharing').map((x) => x.status)).toEqual(['revoked', 'revoked']);
  });

  it('asks for the newest version, and signing it supersedes the older consent', async () => {
    const v2 = demoId(41, 90);
    await db().pool.query(`INSERT INTO consent_documents (id, kind, version, title, body) VALUES ($1, 'rpm_program', 2, 'Remote patient monitoring program consent', 'Version 2 text.')`, [v2]);
    expect((await consents()).documents.find((d) => d.kind === 'rpm_program')).toMatchObject({ id: v2, version: 2 });
    expect((await sign(DOCS.rpm_program)).status).toBe(409);
    expect((await sign(demoId(41, 91))).status).toBe(404);
    expect(await (await sign(v2)).json()).toMatchObject({ status: 'active', document: { version: 2 } });
    const rpm = (await consents()).consents.filter((x) => x.document.kind === 'rpm_program');
    expect(rpm.map((x) => [x.document.version, x.status, x.endNote])).toEqual([
      [2, 'active', null],
      [1, 'superseded', 'superseded by version 2'],
    ]);
  });

  it('lets only one of two concurrent signatures through', async () => {
    const path = `/v1/patients/${james.id}/consents`;
    const results = await Promise.all([sign(DOCS.telehealth, 'james@demo.vitals', path), sign(DOCS.telehealth, 'james@demo.vitals', path)]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect((await consents('james@demo.vitals', path)).consents.filter((x) => x.document.kind === 'telehealth')).toHaveLength(1);
  });

  it('lets a proxy sign for the patient; staff only read; other patients nothing', async () => {
    await grantProxy(db().pool, maria.id, { scopes: ['billing'] });
    const r = await sign(DOCS.data_sharing, DEMO_PROXY.email);
    expect(r.status).toBe(201);
    expect((await r.json()).signedBy).toBe(DEMO_PROXY.displayName);
    expect((await h.request(base, { as: 'nurse.patel@demo.vitals' })).status).toBe(200);
    expect((await sign(DOCS.telehealth, 'nurse.patel@demo.vitals')).status).toBe(403);
    expect((await h.request(base, { as: 'james@demo.vitals' })).status).toBe(403);
  });
});
