import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../../db/src/seed.ts';
import { PATIENTS } from '../../../db/src/seed-data.ts';
import { apiHarness, type Harness } from '../../../test/support/api-harness.ts';
import { useTestDb } from '../../../test/support/db-fixture.ts';
import { AIKO, AIKO_CGM, DAY, insertReadings, series } from '../trends/testing/readings-fixtures.ts';
import { bearerWith, bpWireReading, createTestPatient, ingestReadings, insertAppointment, insertLabResult, type TestPatient } from './testing/fhir-fixtures.ts';
import { bloodPressureProblems, fhirSchemaValidator } from './testing/fhir-validation.ts';

const db = useTestDb();
const validate = fhirSchemaValidator();
const MARIA = PATIENTS[0].id;
let h: Harness;
/** A patient of this file's own (demo seeds add results and devices to the demo patients). */
let rosa: TestPatient;
let ROSA: string;
let released: string;
let held: string;
let appointment: string;

async function fhir(path: string, as?: string, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const res = await h.request(path, { ...(as ? { as } : {}), headers });
  const body = await res.json();
  expect(res.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
  expect(validate(body), `${path}: ${JSON.stringify(body).slice(0, 300)}`).toEqual([]);
  return { status: res.status, body };
}
const resources = (b: { entry?: Array<{ resource: any; search?: { mode: string } }> }) => (b.entry ?? []).filter((e) => e.search?.mode !== 'outcome').map((e) => e.resource);

beforeAll(async () => {
  await seedDemo(db().pool);
  h = apiHarness(db().pool);
  rosa = await createTestPatient(db().pool, ['a1']);
  ROSA = rosa.patientId;
  const now = h.clock.now();
  await ingestReadings(db().pool, 'gw-demo-1', [bpWireReading(rosa.cuff.key, '2026-05-31T07:00:00.000Z', 1, { sys: 128, dia: 82, map: 97, pulse: 71 })], new Date('2026-05-31T07:00:05Z'));
  released = await insertLabResult(db().pool, ROSA, 'released', { loinc: '4548-4', name: 'Hemoglobin A1c', value: 7.4, unit: '%', collectedAt: '2026-05-20T09:00:00Z', now });
  held = await insertLabResult(db().pool, ROSA, 'held', { loinc: '2345-7', name: 'Glucose', value: 180, unit: 'mg/dL', collectedAt: '2026-05-28T09:00:00Z', now });
  appointment = await insertAppointment(db().pool, ROSA, '2026-06-10T14:00:00Z');
  // Aiko: 14 complete local days of CGM readings every 5 minutes (New York), ending yesterday
  const start = Date.parse('2026-05-18T04:00:00Z');
  await insertReadings(db().pool, AIKO, AIKO_CGM, series(start, (14 * DAY) / 300_000, (i) => 100 + 60 * Math.sin(i / 20)));
});

describe('FHIR CapabilityStatement', () => {
  it('is public and lists every resource type with its search parameters and operations', async () => {
    const { status, body } = await fhir('/fhir/R4/metadata');
    expect(status).toBe(200);
    expect(body).toMatchObject({ resourceType: 'CapabilityStatement', fhirVersion: '4.0.1', kind: 'instance', format: ['application/fhir+json'] });
    const rest = body.rest[0];
    expect(rest.resource.map((r: { type: string }) => r.type)).toEqual(['Patient', 'Observation', 'Device', 'DiagnosticReport', 'Appointment']);
    const observation = rest.resource.find((r: { type: string }) => r.type === 'Observation');
    expect(observation.searchParam.map((p: { name: string }) => p.name)).toEqual(['patient', 'subject', 'code', 'category', 'date']);
    expect(rest.resource[0].operation.map((o: { name: string }) => o.name)).toEqual(['export', 'cgm-summary']);
    expect(rest.security.description).toMatch(/patient\/Observation\.read/);
  });
});

describe('FHIR Patient', () => {
  it('reads the patient record; searches return the patients the caller may see, each audited', async () => {
    const { body } = await fhir(`/fhir/R4/Patient/${MARIA}`, 'maria@demo.vitals');
    expect(body).toMatchObject({ resourceType: 'Patient', id: MARIA, name: [{ family: 'Garcia', given: ['Maria'] }], birthDate: '1961-04-12', gender: 'female', identifier: [{ value: 'MRN-100001' }] });
    const mine = await fhir('/fhir/R4/Patient', 'maria@demo.vitals');
    expect(resources(mine.body).map((p) => p.id)).toEqual([MARIA]);
    const nurse = await fhir('/fhir/R4/Patient?_count=2', 'nurse.patel@demo.vitals');
    expect(nurse.body.total).toBeGreaterThanOrEqual(6);
    expect(resources((await fhir('/fhir/R4/Patient?_count=100', 'nurse.patel@demo.vitals')).body).map((p) => p.id)).toEqual(expect.arrayContaining([MARIA, ROSA]));
    expect(nurse.body.link.map((l: { relation: string }) => l.relation)).toEqual(['self', 'next']);
    const byMrn = await fhir('/fhir/R4/Patient?identifier=https://vitals.example.org/fhir/sid/mrn|MRN-100002', 'nurse.patel@demo.vitals');
    expect(resources(byMrn.body).map((p) => p.id)).toEqual([PATIENTS[1].id]);
    expect((await fhir('/fhir/R4/Patient', 'dr.outside@demo.vitals')).body.total).toBe(0);
    expect((await fhir(`/fhir/R4/Patient/${MARIA}`, 'dr.outside@demo.vitals')).status).toBe(403);
    expect((await fhir('/fhir/R4/Patient/00000000-0000-4000-8000-00000000ffff', 'nurse.patel@demo.vitals')).status).toBe(404);
    const audit = await db().pool.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'fhir.Patient.search' AND patient_id = $1`, [PATIENTS[1].id]);
    expect(audit.rows[0].n).toBeGreaterThan(0);
  });
});

describe('FHIR Device', () => {
  it("lists the patient's devices with MDC types and reads one", async () => {
    const { body } = await fhir('/fhir/R4/Device', rosa.userId);
    expect(resources(body).map((d) => d.type.coding[0].code).sort()).toEqual(['528391', '528401']);
    const cuff = await fhir(`/fhir/R4/Device/${rosa.cuff.id}`, rosa.userId);
    expect(cuff.body).toMatchObject({ resourceType: 'Device', status: 'active', patient: { reference: `Patient/${ROSA}` }, serialNumber: rosa.cuff.key });
    const byType = await fhir('/fhir/R4/Device?type=urn:iso:std:iso:11073:10101|528391', rosa.userId);
    expect(byType.body.total).toBe(1);
    expect((await fhir(`/fhir/R4/Device/${rosa.cuff.id}`, 'james@demo.vitals')).status).toBe(403);
  });
});

describe('FHIR DiagnosticReport and lab Observations', () => {
  it('shows the patient released results only, the clinician every one', async () => {
    const mine = await fhir('/fhir/R4/DiagnosticReport', rosa.userId);
    expect(resources(mine.body).map((r) => r.id)).toEqual([released]);
    expect(resources(mine.body)[0]).toMatchObject({ status: 'final', result: [{ reference: `Observation/lab-${released}` }], code: { coding: [{ system: 'http://loinc.org', code: '4548-4' }] } });
    expect((await fhir(`/fhir/R4/DiagnosticReport/${held}`, rosa.userId)).status).toBe(404);
    expect((await fhir(`/fhir/R4/DiagnosticReport?patient=${ROSA}`, 'nurse.patel@demo.vitals')).body.total).toBe(2);
    const obs = await fhir(`/fhir/R4/Observation/lab-${released}`, rosa.userId);
    expect(obs.body).toMatchObject({ valueQuantity: { value: 7.4, unit: '%', system: 'http://unitsofmeasure.org', code: '%' }, interpretation: [{ coding: [{ code: 'H' }] }] });
    expect((await fhir(`/fhir/R4/Observation/lab-${held}`, rosa.userId)).status).toBe(404);
  });
});

describe('FHIR Appointment', () => {
  it('shows the appointment without its video token', async () => {
    const { body } = await fhir('/fhir/R4/Appointment?date=ge2026-06-01', rosa.userId);
    expect(resources(body).map((a) => a.id)).toEqual([appointment]);
    const read = await fhir(`/fhir/R4/Appointment/${appointment}`, rosa.userId);
    expect(read.body).toMatchObject({ status: 'booked', start: '2026-06-10T14:00:00.000Z', minutesDuration: 30, reasonCode: [{ text: 'HbA1c review' }] });
    expect(JSON.stringify(read.body)).not.toContain('secret-video');
    expect((await fhir('/fhir/R4/Appointment?status=cancelled', rosa.userId)).body.total).toBe(0);
    expect((await fhir(`/fhir/R4/Appointment/${appointment}`, 'james@demo.vitals')).status).toBe(403);
  });
});

describe('FHIR per-patient export', () => {
  it('streams NDJSON of the Patient, Devices and Observations, every line a valid resource', async () => {
    const res = await h.request(`/fhir/R4/Patient/${ROSA}/$export`, { as: rosa.userId });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/fhir+ndjson');
    const lines = (await res.text()).trimEnd().split('\n').map((l) => JSON.parse(l));
    for (const r of lines) expect(validate(r)).toEqual([]);
    expect(lines.map((r) => r.resourceType)).toEqual(['Patient', 'Device', 'Device', 'Observation', 'Observation', 'Observation']);
    const bp = lines.find((r) => r.code?.coding[0].code === '85354-9');
    expect(bloodPressureProblems(bp)).toEqual([]);
    expect(lines.map((r) => r.id)).not.toContain(`lab-${held}`);
  });

  it('exports only the types asked for and the parts the token may read', async () => {
    const token = await bearerWith(db().pool, rosa.userId, ['patient/Observation.read'], h.clock.now());
    const res = await h.request(`/fhir/R4/Patient/${ROSA}/$export?_type=Observation,Patient`, { headers: token });
    const types = (await res.text()).trimEnd().split('\n').map((l) => JSON.parse(l).resourceType);
    expect(new Set(types)).toEqual(new Set(['Observation']));
    const bad = await fhir(`/fhir/R4/Patient/${ROSA}/$export?_type=Medication`, rosa.userId);
    expect(bad.status).toBe(400);
    expect((await fhir(`/fhir/R4/Patient/${ROSA}/$export`, 'james@demo.vitals')).status).toBe(403);
  });
});

describe('FHIR CGM summary ($cgm-summary)', () => {
  it('returns the CGM IG summary Observations with the glucose report numbers', async () => {
    const { status, body } = await fhir(`/fhir/R4/Patient/${AIKO}/$cgm-summary?start=2026-05-18&end=2026-05-31`, 'aiko@demo.vitals');
    expect(status).toBe(200);
    expect(body).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
    const [summary, ...members] = body.entry.map((e: { resource: any }) => e.resource);
    expect(summary.code.coding[0]).toMatchObject({ code: 'cgm-summary' });
    expect(summary.hasMember.map((m: { reference: string }) => m.reference)).toEqual(body.entry.slice(1).map((e: { fullUrl: string }) => e.fullUrl));
    expect(members.map((m: any) => m.code.coding[0].code)).toEqual(['97507-8', '106793-3', '97506-0', '104638-2', '104636-6', '104637-4']);
    for (const m of members) expect(m.effectivePeriod).toEqual({ start: '2026-05-18', end: '2026-05-31' });
    const report = await (await h.request(`/v1/patients/${AIKO}/reports/glucose?from=2026-05-18T04:00:00Z&to=2026-06-01T04:00:00Z`, { as: 'aiko@demo.vitals' })).json();
    const value = (code: string) => members.find((m: any) => m.code.coding[0].code === code).valueQuantity.value;
    expect(value('97507-8')).toBeCloseTo(report.meanGlucose, 1);
    expect(value('97506-0')).toBeCloseTo(report.gmi.percent, 2);
    expect(value('104638-2')).toBeCloseTo(report.cvPercent, 2);
    expect(value('104637-4')).toBeCloseTo(report.cgmActivePercent, 2);
    expect(value('104636-6')).toBe(14);
    const ranges = members.find((m: any) => m.code.coding[0].code === '106793-3');
    expect(ranges.component.map((c: any) => c.valueQuantity.value).reduce((a: number, b: number) => a + b, 0)).toBeCloseTo(100, 1);
    expect(ranges.component.find((c: any) => c.code.coding[0].code === '97510-2').valueQuantity.value).toBeCloseTo(report.ranges.inRange.percent, 2);
  });

  it('is computed for the period asked, denied to others, and pointed to from an Observation search', async () => {
    const empty = await fhir(`/fhir/R4/Patient/${ROSA}/$cgm-summary`, rosa.userId);
    expect(empty.body.entry[1].resource.dataAbsentReason).toBeDefined();
    expect((await fhir(`/fhir/R4/Patient/${AIKO}/$cgm-summary`, rosa.userId)).status).toBe(403);
    expect((await fhir(`/fhir/R4/Patient/${AIKO}/$cgm-summary?start=2026-13-01`, 'aiko@demo.vitals')).status).toBe(400);
    const hint = await fhir('/fhir/R4/Observation?code=http://loinc.org|97507-8', 'aiko@demo.vitals');
    expect(hint.body.entry[0]).toMatchObject({ search: { mode: 'outcome' }, resource: { issue: [{ diagnostics: expect.stringContaining('$cgm-summary') }] } });
  });
});
