import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../../db/src/seed.ts';
import { apiHarness, type Harness } from '../../../test/support/api-harness.ts';
import { useTestDb } from '../../../test/support/db-fixture.ts';
import { bearerWith, bpWireReading, createTestPatient, ingestReadings, insertLabResult, meterWireReading, type TestPatient } from './testing/fhir-fixtures.ts';
import { bloodPressureProblems, fhirSchemaValidator, vitalSignsProblems } from './testing/fhir-validation.ts';

const db = useTestDb();
const validate = fhirSchemaValidator();
let h: Harness;
/** Rosa has the readings and results below; Otto, in the other care team only, has one BP reading. */
let rosa: TestPatient;
let otto: TestPatient;
let ROSA: string;
type Bundle = { resourceType: string; type: string; total?: number; link: Array<{ relation: string; url: string }>; entry?: Array<{ fullUrl: string; resource: Record<string, any>; search: { mode: string } }> };

/** GET a FHIR URL and check the answer is FHIR JSON and valid against the official R4 schema. */
async function fhir(path: string, as?: string, headers: Record<string, string> = {}): Promise<{ status: number; body: any; res: Response }> {
  const res = await h.request(path, { ...(as ? { as } : {}), headers });
  const body = await res.json();
  expect(res.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
  expect(validate(body), `${path}: ${JSON.stringify(body).slice(0, 300)}`).toEqual([]);
  return { status: res.status, body, res };
}
const matches = (b: Bundle) => (b.entry ?? []).filter((e) => e.search.mode === 'match').map((e) => e.resource);
const codesOf = (b: Bundle) => matches(b).map((o) => o.code.coding[0].code);

beforeAll(async () => {
  await seedDemo(db().pool);
  h = apiHarness(db().pool);
  rosa = await createTestPatient(db().pool, ['a1']);
  otto = await createTestPatient(db().pool, ['a2']);
  ROSA = rosa.patientId;
  const at = (iso: string) => new Date(Date.parse(iso) + 3_000);
  for (const [i, t] of ['2026-05-30T07:00:00.000Z', '2026-05-31T07:00:00.000Z', '2026-06-01T07:00:00.000Z'].entries()) {
    await ingestReadings(db().pool, 'gw-demo-1', [bpWireReading(rosa.cuff.key, t, i + 1, { sys: 130 + i, dia: 80 + i, map: 97, pulse: 70 + i })], at(t));
  }
  await ingestReadings(db().pool, 'gw-demo-1', [meterWireReading(rosa.meter.key, '2026-05-15T08:00:00.000Z', 1, 110), meterWireReading(rosa.meter.key, '2026-05-31T08:00:00.000Z', 2, 142)], at('2026-05-31T08:00:00Z'));
  await ingestReadings(db().pool, 'gw-demo-2', [bpWireReading(otto.cuff.key, '2026-05-31T09:00:00.000Z', 1, { sys: 150, dia: 95, map: 113, pulse: 80 })], at('2026-05-31T09:00:00Z'));
  const now = h.clock.now();
  await insertLabResult(db().pool, ROSA, 'released', { loinc: '4548-4', name: 'Hemoglobin A1c', value: 7.4, unit: '%', collectedAt: '2026-05-20T09:00:00Z', now });
  await insertLabResult(db().pool, ROSA, 'held', { loinc: '2345-7', name: 'Glucose', value: 180, unit: 'mg/dL', collectedAt: '2026-05-28T09:00:00Z', now });
  await insertLabResult(db().pool, ROSA, 'preliminary', { loinc: '2160-0', name: 'Creatinine', value: 1.1, unit: 'mg/dL', collectedAt: '2026-05-29T09:00:00Z', now });
});

describe('FHIR Observation search', () => {
  it("gives a patient their own readings and released lab results, newest first, as a valid searchset", async () => {
    const { status, body } = await fhir('/fhir/R4/Observation', rosa.userId);
    expect(status).toBe(200);
    expect(body).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 9 });
    // 3 BP panels + 3 pulses + 2 meter readings + the released HbA1c; the held and preliminary results stay hidden
    expect(codesOf(body).sort()).toEqual(['2339-0', '2339-0', '4548-4', '85354-9', '85354-9', '85354-9', '8867-4', '8867-4', '8867-4']);
    const times = matches(body).map((o) => o.effectiveDateTime);
    expect(times).toEqual([...times].sort().reverse());
    for (const e of body.entry) {
      expect(e.fullUrl).toBe(`http://localhost:3000/fhir/R4/Observation/${e.resource.id}`);
      expect(e.search.mode).toBe('match');
    }
    expect(body.link[0]).toEqual({ relation: 'self', url: 'http://localhost:3000/fhir/R4/Observation' });
  });

  it('returns BP panels that conform to the vital-signs and BP profiles, with PHD provenance', async () => {
    const { body } = await fhir(`/fhir/R4/Observation?patient=${ROSA}&code=http://loinc.org|85354-9`, 'nurse.patel@demo.vitals');
    expect(body.total).toBe(3);
    for (const o of matches(body)) {
      expect(bloodPressureProblems(o)).toEqual([]);
      expect(o.device.reference).toBe(`Device/${rosa.cuff.id}`);
      expect(o.issued).toBe(new Date(Date.parse(o.effectiveDateTime) + 3_000).toISOString());
      expect(o.extension).toContainEqual(expect.objectContaining({ url: 'http://hl7.org/fhir/StructureDefinition/observation-gatewayDevice' }));
    }
    const pulses = await fhir(`/fhir/R4/Observation?patient=Patient/${ROSA}&code=8867-4`, 'nurse.patel@demo.vitals');
    for (const o of matches(pulses.body)) expect(vitalSignsProblems(o)).toEqual([]);
    expect(pulses.body.total).toBe(3);
  });

  it('filters by category and by several codes', async () => {
    const vitals = await fhir('/fhir/R4/Observation?category=vital-signs', rosa.userId);
    expect(new Set(codesOf(vitals.body))).toEqual(new Set(['85354-9', '8867-4']));
    const lab = await fhir('/fhir/R4/Observation?category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory', rosa.userId);
    expect(codesOf(lab.body).sort()).toEqual(['2339-0', '2339-0', '4548-4']);
    const either = await fhir('/fhir/R4/Observation?code=4548-4,2339-0', rosa.userId);
    expect(either.body.total).toBe(3);
    const none = await fhir('/fhir/R4/Observation?code=http://snomed.info/sct|271649006', rosa.userId);
    expect(none.body.total).toBe(0);
    expect(none.body.entry).toBeUndefined();
  });

  it('filters by date with prefixes and partial dates', async () => {
    const count = async (q: string) => (await fhir(`/fhir/R4/Observation?code=85354-9&${q}`, rosa.userId)).body.total;
    expect(await count('date=2026-05-31')).toBe(1);
    expect(await count('date=ge2026-05-31')).toBe(2);
    expect(await count('date=gt2026-05-31')).toBe(1);
    expect(await count('date=lt2026-05-31')).toBe(1);
    expect(await count('date=le2026-05-31')).toBe(2);
    expect(await count('date=2026-05')).toBe(2);
    expect(await count('date=ge2026-05-30T07:00:00Z&date=lt2026-05-31T07:00:00Z')).toBe(1);
    expect(await count('date=eq2026-05-31T07:00:00Z')).toBe(1);
  });

  it('pages with opaque next links until every match was served once, in either order', async () => {
    for (const sort of ['date', '-date']) {
      const seen: string[] = [];
      let url: string | undefined = `/fhir/R4/Observation?_count=2&_sort=${sort}`;
      let pages = 0;
      while (url) {
        const { body } = await fhir(url, rosa.userId);
        seen.push(...matches(body).map((o) => `${o.effectiveDateTime}|${o.id}`));
        url = body.link.find((l: { relation: string }) => l.relation === 'next')?.url.replace('http://localhost:3000', '');
        pages++;
      }
      expect(pages).toBe(5);
      expect(new Set(seen).size).toBe(9);
      expect(seen).toEqual(sort === 'date' ? [...seen].sort() : [...seen].sort().reverse());
    }
  });

  it('answers _count=0 with the total only, and _total=none without one', async () => {
    const countOnly = await fhir('/fhir/R4/Observation?_count=0', rosa.userId);
    expect(countOnly.body.total).toBe(9);
    expect(countOnly.body.entry).toBeUndefined();
    expect(countOnly.body.link.map((l: { relation: string }) => l.relation)).toEqual(['self']);
    const noTotal = await fhir('/fhir/R4/Observation?_total=none&_count=1', rosa.userId);
    expect(noTotal.body.total).toBeUndefined();
    expect(matches(noTotal.body)).toHaveLength(1);
  });

  it('refuses a cursor replayed against another search, bad parameters, and unknown ones when strict', async () => {
    const first = await fhir('/fhir/R4/Observation?_count=1', rosa.userId);
    const cursor = new URL(first.body.link[1].url).searchParams.get('_cursor');
    const replay = await fhir(`/fhir/R4/Observation?_count=1&code=8867-4&_cursor=${cursor}`, rosa.userId);
    expect(replay.status).toBe(400);
    expect(replay.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'invalid', expression: ['_cursor'] }] });
    expect((await fhir('/fhir/R4/Observation?date=2026-13-01', rosa.userId)).status).toBe(400);
    expect((await fhir('/fhir/R4/Observation?date=sa2026-05-01', rosa.userId)).status).toBe(400);
    expect((await fhir('/fhir/R4/Observation?_sort=value', rosa.userId)).status).toBe(400);
    expect((await fhir('/fhir/R4/Observation?flavour=lemon', rosa.userId)).status).toBe(200);
    expect((await fhir('/fhir/R4/Observation?flavour=lemon', rosa.userId, { prefer: 'handling=strict' })).status).toBe(400);
  });
});

describe('FHIR Observation access', () => {
  it('reads one Observation by id, and answers 404 and 403 as OperationOutcomes', async () => {
    const list = await fhir('/fhir/R4/Observation?code=85354-9&_count=1', rosa.userId);
    const id = matches(list.body)[0]!.id;
    const read = await fhir(`/fhir/R4/Observation/${id}`, rosa.userId);
    expect(read.status).toBe(200);
    expect(read.body.id).toBe(id);
    expect(bloodPressureProblems(read.body)).toEqual([]);
    const other = await fhir(`/fhir/R4/Observation/${id}`, 'james@demo.vitals');
    expect(other.status).toBe(403);
    expect(other.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'forbidden' }] });
    const missing = await fhir('/fhir/R4/Observation/00000000-0000-4000-8000-000000000000-bp', rosa.userId);
    expect(missing.status).toBe(404);
    expect(missing.body.issue[0].code).toBe('not-found');
    expect((await fhir('/fhir/R4/Observation/no_such', rosa.userId)).status).toBe(400);
    expect((await fhir('/fhir/R4/Nonsense', rosa.userId)).status).toBe(404);
  });

  it('answers 401 with an OperationOutcome and a challenge, for no credentials and for a bad token', async () => {
    const anonymous = await fhir('/fhir/R4/Observation');
    expect(anonymous.status).toBe(401);
    expect(anonymous.res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(anonymous.body.issue[0].code).toBe('login');
    const badToken = await fhir('/fhir/R4/Observation', undefined, { authorization: 'Bearer vt_not-a-real-token-000000000000000' });
    expect(badToken.status).toBe(401);
    expect(badToken.body.resourceType).toBe('OperationOutcome');
  });

  it('lets clinicians search care-team patients only, naming the patient, and audits every search', async () => {
    expect((await fhir('/fhir/R4/Observation', 'nurse.patel@demo.vitals')).status).toBe(400);
    expect((await fhir(`/fhir/R4/Observation?patient=${otto.patientId}`, 'nurse.patel@demo.vitals')).body.total).toBe(2);
    expect((await fhir(`/fhir/R4/Observation?patient=${otto.patientId}`, 'dr.chen@demo.vitals')).status).toBe(403);
    expect((await fhir(`/fhir/R4/Observation?patient=${ROSA}`, 'dr.outside@demo.vitals')).status).toBe(403);
    expect((await fhir(`/fhir/R4/Observation?patient=${ROSA}`, 'james@demo.vitals')).status).toBe(403);
    // a clinician sees the preliminary and held lab results too
    expect((await fhir(`/fhir/R4/Observation?patient=${ROSA}&category=laboratory`, 'nurse.patel@demo.vitals')).body.total).toBe(5);
    const { rows } = await db().pool.query(`SELECT action FROM audit_log WHERE patient_id = $1 AND action LIKE 'fhir.Observation.search%'`, [ROSA]);
    expect(rows.map((r) => r.action)).toContain('fhir.Observation.search.denied');
    expect(rows.map((r) => r.action)).toContain('fhir.Observation.search');
  });

  it('honours SMART scopes on API tokens for third-party apps', async () => {
    const now = h.clock.now();
    const observations = await bearerWith(db().pool, rosa.userId, ['patient/Observation.read'], now);
    const obs = await fhir('/fhir/R4/Observation', undefined, observations);
    expect(obs.status).toBe(200);
    expect(obs.body.total).toBe(9);
    expect((await fhir(`/fhir/R4/Patient/${ROSA}`, undefined, observations)).status).toBe(403);
    const patientOnly = await bearerWith(db().pool, rosa.userId, ['patient/Patient.read'], now);
    expect((await fhir(`/fhir/R4/Patient/${ROSA}`, undefined, patientOnly)).status).toBe(200);
    expect((await fhir('/fhir/R4/Observation', undefined, patientOnly)).status).toBe(403);
    // a SMART scope never reaches a patient the token's user may not see
    const clinician = await bearerWith(db().pool, 'dr.outside@demo.vitals', ['user/*.read'], now);
    expect((await fhir(`/fhir/R4/Observation?patient=${ROSA}`, undefined, clinician)).status).toBe(403);
  });

  it('leaves out the part of the record a token cannot read, and says so in an outcome entry', async () => {
    const readingsOnly = await bearerWith(db().pool, rosa.userId, ['readings:read'], h.clock.now());
    const { body } = await fhir('/fhir/R4/Observation', undefined, readingsOnly);
    expect(body.total).toBe(8);
    const outcome = body.entry.find((e: { search: { mode: string } }) => e.search.mode === 'outcome');
    expect(outcome.resource).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ severity: 'information', code: 'suppressed' }] });
  });
});
