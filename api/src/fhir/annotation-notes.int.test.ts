import { describe, expect, it } from 'vitest';
import { useTestDb } from '../../../test/support/db-fixture.ts';
import { apiHarness } from '../../../test/support/api-harness.ts';
import { seedDemo } from '../../../db/src/seed.ts';
import { DEVICES, PATIENTS } from '../../../db/src/seed-data.ts';
import { readingId } from '../../../common/src/reading-id.ts';

const db = useTestDb();

describe('annotations in FHIR output', () => {
  it('shows what the patient noted about a reading as Observation.note', async () => {
    await seedDemo(db().pool);
    const h = apiHarness(db().pool);
    const maria = PATIENTS[0].id;
    const meter = DEVICES.find((d) => d.key === 'GM-0001')!;
    const id = readingId(meter.key, '2A18', { sequence: 424242 });
    await db().pool.query(
      `INSERT INTO readings (reading_id, metric, measured_at, patient_id, device_id, gateway_id, value, unit, characteristic, sequence)
       VALUES ($1, 'glucose', '2026-05-31T12:30:00Z', $2, $3, 'gw-demo-1', 182, 'mg/dL', '2A18', 424242)`,
      [id, maria, meter.id],
    );
    const a = await h.request(`/v1/patients/${maria}/annotations`, { json: { readingId: id, detail: { kind: 'meal', meal: 'lunch', timing: 'after' }, note: 'pasta' }, as: 'maria@demo.vitals' });
    expect(a.status).toBe(201);
    const obs = await (await h.request(`/fhir/R4/Observation/${id}-glucose`, { as: 'maria@demo.vitals' })).json();
    expect(obs.resourceType).toBe('Observation');
    expect(obs.note?.map((n: { text: string }) => n.text).join(' ')).toMatch(/lunch/i);
    const bundle = await (await h.request(`/fhir/R4/Observation?patient=${maria}&code=http://loinc.org|2339-0`, { as: 'maria@demo.vitals' })).json();
    const found = bundle.entry.find((e: { resource: { id: string } }) => e.resource.id === `${id}-glucose`);
    expect(found.resource.note?.length).toBeGreaterThan(0);
  });
});
