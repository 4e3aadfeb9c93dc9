import { beforeAll, describe, expect, it } from 'vitest';
import { apiHarness, type Harness } from '../../../test/support/api-harness.ts';
import { useTestDb } from '../../../test/support/db-fixture.ts';
import { seedDemo } from '../../../db/src/seed.ts';
import { PATIENTS } from '../../../db/src/seed-data.ts';
import { authzMatrix as billing } from '../billing/authz-matrix.ts';
import { authzMatrix as forms } from '../forms/authz-matrix.ts';
import { authzMatrix as medications } from '../medications/authz-matrix.ts';
import { authzMatrix as profile } from '../profile/authz-matrix.ts';
import { authzMatrix as summary } from '../summary/authz-matrix.ts';

const db = useTestDb();
let h: Harness;
const entries = [...medications, ...profile, ...summary, ...billing, ...forms];
/** `/v1/patients/:patientId/x` as OpenAPI writes it: `/v1/patients/{patientId}/x` */
const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

beforeAll(async () => {
  await seedDemo(db().pool);
  h = apiHarness(db().pool);
});

describe('portal-record routes in the app', () => {
  it('are mounted and documented in /openapi.json, one per matrix entry', async () => {
    const r = await h.request('/openapi.json');
    expect(r.status).toBe(200);
    const doc = (await r.json()) as { paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string; required?: boolean }> }>> };
    for (const e of entries) expect(doc.paths[openApiPath(e.path)]?.[e.method.toLowerCase()], `${e.method} ${e.path}`).toBeDefined();
    const pay = doc.paths['/v1/patients/{patientId}/payments']!.post!;
    expect(pay.parameters).toContainEqual(expect.objectContaining({ name: 'idempotency-key', in: 'header', required: true }));
    const mounted = new Set(h.app.routes.map((x) => `${x.method} ${x.path}`));
    expect(entries.filter((e) => !mounted.has(`${e.method} ${e.path}`))).toEqual([]);
  });

  it('take demo payments through the fake processor and send codes through the logging senders by default', async () => {
    const maria = PATIENTS[0].id;
    const pay = await h.request(`/v1/patients/${maria}/payments`, { json: { amountCents: 100, token: 'tok_visa' }, headers: { 'idempotency-key': 'mounted-test-0001' }, as: 'maria@demo.vitals' });
    expect(await pay.json()).toMatchObject({ status: 'succeeded', amountCents: 100 });
    const patch = await h.request(`/v1/patients/${maria}/profile`, { method: 'PATCH', json: { phone: '+15550149876' }, as: 'maria@demo.vitals' });
    expect((await patch.json()).pendingVerifications).toEqual([expect.objectContaining({ channel: 'sms', value: '+15550149876' })]);
  });
});
