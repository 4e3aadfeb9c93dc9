import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../../db/src/seed.ts';
import { PATIENTS, USERS } from '../../../db/src/seed-data.ts';
import { apiHarness, type Harness } from '../../../test/support/api-harness.ts';
import { useTestDb } from '../../../test/support/db-fixture.ts';
import { featureApp } from '../portal-records/testing/feature-app.ts';
import { DEMO_PROXY, grantProxy } from '../portal-records/testing/proxy-grant.ts';
import { BP_TECHNIQUE, PHQ9 } from './demo-forms.ts';
import { DEMO_QUESTIONNAIRE_IDS, VALID_BP_CHECK } from './demo-seed.ts';
import { formRoutes } from './routes.ts';

const db = useTestDb();
let h: Harness;
const [maria] = PATIENTS;
const MARIA = 'maria@demo.vitals';
const ADMIN = 'admin@demo.vitals';
const responsesPath = `/v1/patients/${maria.id}/questionnaire-responses`;
let bpV2 = '';

beforeAll(async () => {
  await seedDemo(db().pool);
  h = apiHarness(db().pool, { buildApp: (deps) => featureApp(deps, (app) => app.route('/', formRoutes(deps))) });
});

const titles = async (as: string) => ((await (await h.request('/v1/questionnaires', { as })).json()).questionnaires as Array<{ resource: { title: string; version: string } }>).map((q) => `${q.resource.title} v${q.resource.version}`);
const submit = (questionnaireId: string, item: unknown, as = MARIA) => h.request(responsesPath, { json: { questionnaireId, item }, as });
const listed = async (as: string) => (await (await h.request(responsesPath, { as })).json()).responses as Array<{ questionnaire: string; author: unknown }>;

describe('questionnaires', () => {
  it('lists the current version of each active form to anyone signed in', async () => {
    expect(await titles('james@demo.vitals')).toEqual(['Home blood pressure measurement checklist v1', 'Patient Health Questionnaire (PHQ-9) v1']);
    expect((await h.request('/v1/questionnaires')).status).toBe(401);
    const one = await (await h.request(`/v1/questionnaires/${DEMO_QUESTIONNAIRE_IDS.phq9}`, { as: MARIA })).json();
    expect(one).toMatchObject({ category: 'behavioral_health', current: true, resource: { resourceType: 'Questionnaire', code: [{ code: '44249-1' }] } });
    expect(one.resource.item).toHaveLength(10);
  });

  it('publishes new versions (admin only), never changing a published one', async () => {
    const v2 = { ...BP_TECHNIQUE, version: '2', item: BP_TECHNIQUE.item.filter((i) => i.linkId !== 'empty-bladder') };
    expect((await h.request('/v1/questionnaires', { json: { questionnaire: v2 }, as: 'dr.chen@demo.vitals' })).status).toBe(403);
    const r = await h.request('/v1/questionnaires', { json: { questionnaire: v2 }, as: ADMIN });
    expect(r.status).toBe(201);
    bpV2 = (await r.json()).id;
    expect((await h.request('/v1/questionnaires', { json: { questionnaire: v2 }, as: ADMIN })).status).toBe(409);
    expect(await titles(MARIA)).toContain('Home blood pressure measurement checklist v2');
    expect(await (await h.request(`/v1/questionnaires/${DEMO_QUESTIONNAIRE_IDS.bpTechnique}`, { as: MARIA })).json()).toMatchObject({ current: false, resource: { version: '1' } });
    const audit = await db().pool.query(`SELECT resource FROM audit_log WHERE action = 'questionnaire.publish'`);
    expect(audit.rows).toEqual([{ resource: `questionnaire/${bpV2}` }]);
  });

  it('refuses a malformed form with 400', async () => {
    const noOptions = { ...PHQ9, version: '9', item: [{ linkId: 'x', type: 'choice', text: 'pick' }] };
    const duplicate = { ...PHQ9, version: '9', item: [PHQ9.item[0], PHQ9.item[0]] };
    const group = { ...PHQ9, version: '9', item: [{ linkId: 'g', type: 'group' }] };
    for (const questionnaire of [noOptions, duplicate, group]) expect((await h.request('/v1/questionnaires', { json: { questionnaire }, as: ADMIN })).status).toBe(400);
  });
});

describe('questionnaire responses', () => {
  it('stores a valid response as a signed FHIR QuestionnaireResponse', async () => {
    const r = await submit(bpV2, VALID_BP_CHECK.filter((i) => i.linkId !== 'empty-bladder'));
    expect(r.status).toBe(201);
    const qr = await r.json();
    expect(qr).toMatchObject({
      resourceType: 'QuestionnaireResponse',
      questionnaire: 'https://vitals.example.org/fhir/Questionnaire/bp-measurement-technique|2',
      status: 'completed',
      subject: { reference: `Patient/${maria.id}` },
      author: { reference: `Patient/${maria.id}` },
      authored: '2026-06-01T12:00:00.000Z',
      extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/questionnaireresponse-signature', valueSignature: { when: '2026-06-01T12:00:00.000Z', who: { display: 'Maria Garcia' } } }],
    });
    expect(qr.extension[0].valueSignature.onBehalfOf).toBeUndefined();
    expect(qr.item.find((i: { linkId: string }) => i.linkId === 'cuff-size').answer[0].valueCoding.display).toBe('Adult');
    expect((await listed(MARIA))[0]).toEqual(qr);
  });

  it('refuses answers that do not fit the form with 422, naming each item', async () => {
    const bad = [...VALID_BP_CHECK.filter((i) => !['rested', 'arm', 'empty-bladder'].includes(i.linkId)), { linkId: 'arm', answer: [{ valueString: 'both' }] }, { linkId: 'readings', answer: [{ valueInteger: 2 }] }];
    const r = await submit(bpV2, bad);
    expect(r.status).toBe(422);
    expect((await r.json()).errors).toEqual([
      { path: 'item.readings', message: 'not a question of this form' },
      { path: 'item.rested', message: 'an answer is required' },
      { path: 'item.arm', message: 'not one of the offered answers' },
    ]);
    expect((await submit(bpV2, [{ linkId: 'arm', answer: [{ valueString: 'left', valueBoolean: true }] }])).status).toBe(400);
  });

  it('takes answers for the current version only, and not from staff', async () => {
    const old = await submit(DEMO_QUESTIONNAIRE_IDS.bpTechnique, VALID_BP_CHECK);
    expect(old.status).toBe(409);
    expect((await submit(bpV2, VALID_BP_CHECK, 'nurse.patel@demo.vitals')).status).toBe(403);
    expect((await submit('00000000-0000-4000-8000-00000000dead', VALID_BP_CHECK)).status).toBe(404);
    const retired = await h.request('/v1/questionnaires', { json: { questionnaire: { ...BP_TECHNIQUE, version: '3', status: 'retired' } }, as: ADMIN });
    expect((await submit((await retired.json()).id, VALID_BP_CHECK)).status).toBe(409);
    expect(await titles(MARIA)).not.toContain('Home blood pressure measurement checklist v3');
  });

  it('lets a proxy answer for the patient, signed on their behalf, but keeps behavioral-health forms from them unless shared', async () => {
    await grantProxy(db().pool, maria.id, { scopes: ['billing'] });
    const phq9 = PHQ9.item.slice(0, 9).map((i) => ({ linkId: i.linkId, answer: [{ valueCoding: { system: 'http://loinc.org', code: 'LA6568-5' } }] }));
    expect((await submit(DEMO_QUESTIONNAIRE_IDS.phq9, phq9, DEMO_PROXY.email)).status).toBe(403);
    expect((await listed(DEMO_PROXY.email)).map((r) => r.questionnaire)).not.toContain('https://vitals.example.org/fhir/Questionnaire/phq-9|1');
    expect((await listed(MARIA)).map((r) => r.questionnaire)).toContain('https://vitals.example.org/fhir/Questionnaire/phq-9|1');

    await grantProxy(db().pool, maria.id, { scopes: ['billing'], shared: ['behavioral_health'] });
    expect((await listed(DEMO_PROXY.email)).map((r) => r.questionnaire)).toContain('https://vitals.example.org/fhir/Questionnaire/phq-9|1');
    const r = await submit(DEMO_QUESTIONNAIRE_IDS.phq9, phq9, DEMO_PROXY.email);
    expect(r.status).toBe(201);
    const anna = USERS.find((u) => u.id === DEMO_PROXY.id)!;
    expect(await r.json()).toMatchObject({ author: { display: anna.displayName }, extension: [{ valueSignature: { who: { display: anna.displayName }, onBehalfOf: { reference: `Patient/${maria.id}` } } }] });
  });

  it('shows responses to the care team, not to other patients', async () => {
    expect((await h.request(responsesPath, { as: 'nurse.patel@demo.vitals' })).status).toBe(200);
    expect((await h.request(responsesPath, { as: 'james@demo.vitals' })).status).toBe(403);
  });
});
