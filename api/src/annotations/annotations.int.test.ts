import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../../db/src/seed.ts';
import { apiHarness, type Harness } from '../../../test/support/api-harness.ts';
import { useTestDb } from '../../../test/support/db-fixture.ts';
import { createProxy } from '../../../test/support/portal-people.ts';
import { insertReadings, MARIA, MARIA_METER } from '../trends/testing/readings-fixtures.ts';
import { annotationsFor, annotationsForReadings } from './repo.ts';

const db = useTestDb();
let h: Harness;
const path = `/v1/patients/${MARIA}/annotations`;
const READING = '6f1d2c9e-4a1b-4c3d-9e8f-0a1b2c3d4e5f';

beforeAll(async () => {
  await seedDemo(db().pool);
  h = apiHarness(db().pool);
  await insertReadings(db().pool, MARIA, MARIA_METER, [{ t: Date.parse('2026-05-31T11:58:00Z'), v: 64, readingId: READING }]);
});

describe('reading annotations', () => {
  it('ties an annotation to a reading, at the reading’s time, and returns it with the period', async () => {
    const r = await h.request(path, { json: { readingId: READING, detail: { kind: 'symptom', symptom: 'shaky', severity: 'mild' }, note: 'before lunch' }, as: 'maria@demo.vitals' });
    expect(r.status).toBe(201);
    const a = await r.json();
    expect(a).toMatchObject({ readingId: READING, at: '2026-05-31T11:58:00.000Z', kind: 'symptom', author: { role: 'patient' } });
    const list = await (await h.request(`${path}?from=2026-05-31T00:00:00Z&to=2026-06-01T00:00:00Z`, { as: 'nurse.patel@demo.vitals' })).json();
    expect(list.annotations.map((x: { id: string }) => x.id)).toContain(a.id);
    expect((await annotationsForReadings(db().pool, MARIA, [READING])).get(READING)!.map((x) => x.id)).toEqual([a.id]);
  });

  it('lets clinicians tag a moment, with the BP-technique checklist response', async () => {
    const r = await h.request(path, {
      json: { at: '2026-05-31T22:00:00-04:00', detail: { kind: 'measurement_condition', conditions: ['seated_back_supported', 'rested_5_minutes'], checklistResponseId: 'qr-123' } },
      as: 'nurse.patel@demo.vitals',
    });
    expect(r.status).toBe(201);
    expect(await r.json()).toMatchObject({ at: '2026-06-01T02:00:00.000Z', readingId: null, author: { role: 'clinician' } });
  });

  it('refuses a reading of another patient, an annotation without a time, an unknown kind', async () => {
    const other = await h.request(`/v1/patients/00000000-0000-4000-8000-000000000102/annotations`, { json: { readingId: READING, detail: { kind: 'meal', meal: 'lunch' } }, as: 'nurse.patel@demo.vitals' });
    expect(other.status).toBe(400);
    expect((await h.request(path, { json: { detail: { kind: 'meal', meal: 'lunch' } }, as: 'maria@demo.vitals' })).status).toBe(400);
    expect((await h.request(path, { json: { at: '2026-05-31T08:00:00Z', detail: { kind: 'mood', feeling: 'ok' } }, as: 'maria@demo.vitals' })).status).toBe(400);
  });

  it('lets the author or the patient remove an annotation, and nobody else', async () => {
    const proxy = await createProxy(db().pool, MARIA, { scopes: ['readings'] });
    const byProxy = await (await h.request(path, { json: { at: '2026-05-30T08:00:00Z', detail: { kind: 'meal', meal: 'breakfast' } }, as: proxy })).json();
    const byNurse = await (await h.request(path, { json: { at: '2026-05-30T09:00:00Z', detail: { kind: 'medication', name: 'lisinopril', dose: '10 mg' } }, as: 'nurse.patel@demo.vitals' })).json();
    expect((await h.request(`${path}/${byNurse.id}`, { method: 'DELETE', as: proxy })).status).toBe(403);
    expect((await h.request(`${path}/${byNurse.id}`, { method: 'DELETE', as: 'maria@demo.vitals' })).status).toBe(204);
    expect((await h.request(`${path}/${byProxy.id}`, { method: 'DELETE', as: proxy })).status).toBe(204);
    expect((await h.request(`${path}/${byProxy.id}`, { method: 'DELETE', as: proxy })).status).toBe(404);
    const left = await annotationsFor(db().pool, MARIA, new Date('2026-05-30T00:00:00Z'), new Date('2026-05-31T00:00:00Z'));
    expect(left.map((a) => a.id)).not.toContain(byNurse.id);
    const { rows } = await db().pool.query('SELECT deleted_by FROM reading_annotations WHERE id = $1', [byNurse.id]);
    expect(rows[0].deleted_by).toBe('00000000-0000-4000-8000-000000000301'); // Maria's account, kept for the audit trail
  });

  it('returns the demo annotations and audits every read', async () => {
    const list = await (await h.request(`${path}?from=2026-05-30T00:00:00Z&to=2026-06-01T00:00:00Z`, { as: 'maria@demo.vitals' })).json();
    expect(list.annotations.map((a: { kind: string }) => a.kind)).toEqual(expect.arrayContaining(['meal', 'symptom', 'medication', 'measurement_condition']));
    const { rows } = await db().pool.query(`SELECT count(*)::int AS n FROM audit_log WHERE patient_id = $1 AND action = 'annotations.read'`, [MARIA]);
    expect(rows[0].n).toBeGreaterThanOrEqual(2);
    expect((await h.request(path, { as: 'james@demo.vitals' })).status).toBe(403);
  });
});
