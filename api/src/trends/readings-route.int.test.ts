import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../../db/src/seed.ts';
import { apiHarness, type Harness } from '../../../test/support/api-harness.ts';
import { useTestDb } from '../../../test/support/db-fixture.ts';
import { at, createMonitoredPatient, insertReadings, MIN, series } from './testing/readings-fixtures.ts';

const db = useTestDb();
let h: Harness;
let patientId: string;
const RANGE = 'from=2026-05-01T00:00:00Z&to=2026-05-02T00:00:00Z';
const get = (query: string) => h.request(`/v1/patients/${patientId}/readings?${query}`, { as: 'dr.chen@demo.vitals' });

interface Page {
  items: Array<{ readingId: string; measuredAt: string; value: number }>;
  nextCursor: string | null;
}

async function allPages(query: string): Promise<Page['items'][]> {
  const pages: Page['items'][] = [];
  let cursor: string | null = null;
  do {
    const r = await get(`${query}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(r.status).toBe(200);
    const page = (await r.json()) as Page;
    pages.push(page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return pages;
}

beforeAll(async () => {
  await seedDemo(db().pool);
  h = apiHarness(db().pool);
  const p = await createMonitoredPatient(db().pool, { timeZone: 'America/New_York' });
  patientId = p.patientId;
  await insertReadings(db().pool, patientId, p.deviceId, [
    ...series(at('2026-05-01T00:00:00Z'), 100, (i) => 100 + i),
    { t: at('2026-05-01T13:00:00Z'), v: 120, metric: 'systolic' as const },
  ]);
  // 5 readings sharing one instant with microseconds, which only the reading id can order and a
  // millisecond cursor would get wrong
  await db().pool.query(
    `INSERT INTO readings (reading_id, metric, measured_at, patient_id, device_id, value, unit)
     SELECT gen_random_uuid(), 'glucose', '2026-05-01T12:00:00.000123Z', $1, $2, 500 + i, 'mg/dL' FROM generate_series(0, 4) AS i`,
    [patientId, p.deviceId],
  );
});

describe('GET /v1/patients/{id}/readings', () => {
  it('pages through every reading exactly once, in a stable order, ties broken by reading id', async () => {
    const pages = await allPages(`metric=glucose&${RANGE}&limit=3`);
    const items = pages.flat();
    expect(pages.slice(0, -1).every((p) => p.length === 3)).toBe(true);
    expect(items).toHaveLength(105);
    expect(new Set(items.map((i) => i.readingId)).size).toBe(105);
    const keys = items.map((i) => `${i.measuredAt} ${i.readingId}`);
    expect(keys).toEqual([...keys].sort());
    expect(items.slice(-5).map((i) => i.measuredAt)).toEqual(Array(5).fill('2026-05-01T12:00:00.000Z'));
    expect(items[0]).toMatchObject({ measuredAt: '2026-05-01T00:00:00.000Z', value: 100, unit: 'mg/dL', flags: [] });
  });

  it('pages newest first with order=desc', async () => {
    const items = (await allPages(`metric=glucose&${RANGE}&limit=50&order=desc`)).flat();
    expect(items).toHaveLength(105);
    const asc = (await allPages(`metric=glucose&${RANGE}&limit=1000`)).flat();
    expect(items.map((i) => i.readingId)).toEqual(asc.map((i) => i.readingId).reverse());
  });

  it('keeps to the metric and the half-open range', async () => {
    const page = (await (await get(`metric=glucose&from=2026-05-01T00:05:00Z&to=2026-05-01T00:15:00Z`)).json()) as Page;
    expect(page.items.map((i) => i.value)).toEqual([101, 102]);
    const sys = (await (await get(`metric=systolic&${RANGE}`)).json()) as Page;
    expect(sys.items.map((i) => i.value)).toEqual([120]);
    const none = (await (await get(`metric=spo2&${RANGE}`)).json()) as Page;
    expect(none).toEqual({ metric: 'spo2', items: [], nextCursor: null });
  });

  it('refuses bad input with 400 problem+json', async () => {
    const first = (await (await get(`metric=glucose&${RANGE}&limit=2`)).json()) as Page;
    for (const query of [
      `metric=glucose&${RANGE}&limit=1001`,
      `metric=glucose&${RANGE}&limit=0`,
      `metric=glucose&${RANGE}&cursor=garbage`,
      `metric=systolic&${RANGE}&cursor=${first.nextCursor}`,
      `metric=glucose&${RANGE}&order=desc&cursor=${first.nextCursor}`,
      `metric=glucose&from=2025-01-01T00:00:00Z&to=2026-05-01T00:00:00Z`,
      `metric=glucose&from=2026-05-02T00:00:00Z&to=2026-05-01T00:00:00Z`,
      `metric=weight&${RANGE}`,
    ]) {
      const r = await get(query);
      expect(r.status, query).toBe(400);
      expect(r.headers.get('content-type')).toBe('application/problem+json');
    }
  });

  it('defaults to today so far in the patient’s zone', async () => {
    // the harness clock is 2026-06-01T12:00Z: 08:00 in New York, so today began at 04:00Z
    await insertReadings(db().pool, patientId, randomUUID(), [
      { t: at('2026-06-01T03:59:00Z'), v: 1 },
      { t: at('2026-06-01T04:00:00Z'), v: 2 },
      { t: at('2026-06-01T11:59:00Z') + 59 * 1000, v: 3 },
      { t: at('2026-06-01T12:00:00Z') + MIN, v: 4 },
    ]);
    const page = (await (await get('metric=glucose')).json()) as Page;
    expect(page.items.map((i) => i.value)).toEqual([2, 3]);
  });
});
