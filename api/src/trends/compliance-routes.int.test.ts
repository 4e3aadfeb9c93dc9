import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PATIENTS } from '../../../db/src/seed-data.ts';
import { seedDemo } from '../../../db/src/seed.ts';
import { apiHarness, type Harness } from '../../../test/support/api-harness.ts';
import { useTestDb } from '../../../test/support/db-fixture.ts';
import { refreshRollups } from './rollup-refresh.ts';
import { at, createMonitoredPatient, insertReadings, MIN, rewindWatermark } from './testing/readings-fixtures.ts';

const db = useTestDb();
let h: Harness;
const CLINICIAN = 'dr.chen@demo.vitals';
const runJob = () => refreshRollups(db().pool, { now: new Date('2026-06-01T11:00:00Z'), marginMs: 2 * MIN });
/** One reading at 14:00Z (10:00 in New York) on each date. */
const onDates = (dates: string[], receivedAt?: number) => dates.map((d) => ({ t: at(`${d}T14:00:00Z`), v: 100, ...(receivedAt ? { receivedAt } : {}) }));
const mayDates = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `2026-05-${String(from + i).padStart(2, '0')}`);

// The harness clock is 2026-06-01T12:00Z: 08:00 on 1 June in New York.
let qualified: string; // monitored since 1 May: period 0 (1–30 May) qualified; period 1 began 31 May
let atRisk: string; // monitored since 10 May: 23 days into period 0 with 5 reading days
let onTrack: string; // monitored since 25 May: 8 days in, 2 reading days, 14 needed in 23

beforeAll(async () => {
  await seedDemo(db().pool);
  h = apiHarness(db().pool);
  const a = await createMonitoredPatient(db().pool, { timeZone: 'America/New_York', assignedFrom: '2026-05-01T04:00:00Z' });
  qualified = a.patientId;
  await insertReadings(db().pool, qualified, a.deviceId, [
    ...onDates([...mayDates(1, 9), ...mayDates(12, 18)]),
    // 23:30 on 10 May in New York is 03:30Z on 11 May: it counts for 10 May
    { t: at('2026-05-11T03:30:00Z'), v: 100 },
    // 00:30 on 31 May: the first day of period 1
    { t: at('2026-05-31T04:30:00Z'), v: 100 },
  ]);
  const b = await createMonitoredPatient(db().pool, { timeZone: 'America/New_York', assignedFrom: '2026-05-10T04:00:00Z' });
  atRisk = b.patientId;
  await insertReadings(db().pool, atRisk, b.deviceId, onDates(mayDates(10, 14)));
  const c = await createMonitoredPatient(db().pool, { timeZone: 'America/New_York', assignedFrom: '2026-05-25T04:00:00Z' });
  onTrack = c.patientId;
  await insertReadings(db().pool, onTrack, c.deviceId, onDates(['2026-05-25', '2026-05-26']));
});
beforeEach(async () => {
  await rewindWatermark(db().pool);
});

describe('GET /v1/patients/{id}/compliance', () => {
  it('counts local days with readings per 30-day period since the first device assignment', async () => {
    const r = await h.request(`/v1/patients/${qualified}/compliance`, { as: CLINICIAN });
    expect(r.status).toBe(200);
    const report = await r.json();
    expect(report).toMatchObject({ timeZone: 'America/New_York', enrolmentDate: '2026-05-01', requiredDays: 16, periodDays: 30 });
    expect(report.periods).toHaveLength(2);
    const [first] = report.periods;
    expect(first).toMatchObject({ index: 0, startDate: '2026-05-01', endDate: '2026-05-30', daysWithReadings: 17, qualifies: true, complete: true });
    expect(first.datesWithReadings).toContain('2026-05-10');
    expect(first.datesWithReadings).not.toContain('2026-05-11');
    // period 1: 31 May has a reading, 1 June (today) not yet: 2 days so far, 29 that can still count, 15 needed
    expect(report.current).toMatchObject({ index: 1, startDate: '2026-05-31', daysWithReadings: 1, daysSoFar: 2 });
    expect(report.current.outlook).toEqual({ daysWithReadings: 1, daysRemaining: 29, daysNeeded: 15, canStillQualify: true, atRisk: false });

    await runJob();
    expect(await (await h.request(`/v1/patients/${qualified}/compliance`, { as: CLINICIAN })).json()).toEqual(report);
  });

  it('counts a day uploaded late at once, before the job rolls it up', async () => {
    const { patientId, deviceId } = await createMonitoredPatient(db().pool, { timeZone: 'America/New_York', assignedFrom: '2026-05-20T04:00:00Z' });
    await insertReadings(db().pool, patientId, deviceId, onDates(['2026-05-20']));
    await runJob();
    await insertReadings(db().pool, patientId, deviceId, onDates(['2026-05-21', '2026-05-22'], at('2026-06-01T11:30:00Z')));
    const report = await (await h.request(`/v1/patients/${patientId}/compliance`, { as: CLINICIAN })).json();
    expect(report.current.datesWithReadings).toEqual(['2026-05-20', '2026-05-21', '2026-05-22']);
  });

  it('answers 404 for a patient never given a device', async () => {
    const samuel = PATIENTS[3].id;
    expect((await h.request(`/v1/patients/${samuel}/compliance`, { as: CLINICIAN })).status).toBe(404);
  });
});

describe('GET /v1/clinics/compliance', () => {
  type Row = { patientId: string; current: { daysWithReadings: number; outlook: { atRisk: boolean; daysNeeded: number; daysRemaining: number } } };
  const list = async (as: string, all = false) => {
    const r = await h.request(`/v1/clinics/compliance${all ? '?all=true' : ''}`, { as });
    expect(r.status).toBe(200);
    return (await r.json()) as { patients: Row[]; requiredDays: number };
  };
  const ids = (rows: Row[]) => rows.map((r) => r.patientId).filter((id) => [qualified, atRisk, onTrack].includes(id));

  it('lists the at-risk patients of the clinician’s care teams, and all of them on request', async () => {
    const risky = await list(CLINICIAN);
    expect(ids(risky.patients)).toEqual([atRisk]);
    const row = risky.patients.find((r) => r.patientId === atRisk)!;
    // 10 May to 1 June is 23 days: 5 with readings, 11 needed, 8 left (today has none yet)
    expect(row.current.outlook).toEqual({ daysWithReadings: 5, daysRemaining: 8, daysNeeded: 11, canStillQualify: false, atRisk: true });
    expect(ids((await list(CLINICIAN, true)).patients).sort()).toEqual([qualified, atRisk, onTrack].sort());
    expect(ids((await list('dr.johnson@demo.vitals', true)).patients)).toEqual([]); // hypertension team only
  });

  it('gives administrators every monitored patient of the clinic, with day counts and no clinical values', async () => {
    const body = await list('admin@demo.vitals', true);
    expect(ids(body.patients).sort()).toEqual([qualified, atRisk, onTrack].sort());
    for (const row of body.patients) expect(Object.keys(row).sort()).toEqual(['current', 'familyName', 'givenName', 'monitoringSince', 'mrn', 'patientId', 'timeZone']);
    expect(JSON.stringify(body)).not.toMatch(/"(value|mean|min|max|systolic|glucose)"/);
  });

  it('audits each listed patient with why the caller may see them', async () => {
    await list('admin@demo.vitals');
    const { rows } = await db().pool.query(`SELECT actor_role, reason FROM audit_log WHERE patient_id = $1 AND action = 'compliance.list' ORDER BY seq DESC LIMIT 1`, [atRisk]);
    expect(rows).toEqual([{ actor_role: 'admin', reason: 'billing: clinic compliance list (day counts only)' }]);
  });

  it('is for staff only', async () => {
    expect((await h.request('/v1/clinics/compliance', { as: 'maria@demo.vitals' })).status).toBe(403);
    expect((await h.request('/v1/clinics/compliance', { as: 'anna.schmidt@demo.vitals' })).status).toBe(403);
    expect((await h.request('/v1/clinics/compliance')).status).toBe(401);
    expect((await h.request('/v1/clinics/compliance?all=maybe', { as: CLINICIAN })).status).toBe(400);
  });

  it('agrees, row by row, with each patient’s own compliance report', async () => {
    for (const row of (await list(CLINICIAN, true)).patients) {
      const report = await (await h.request(`/v1/patients/${row.patientId}/compliance`, { as: CLINICIAN })).json();
      expect(row.current, row.patientId).toEqual(report.current);
    }
  });

  it('gives the same list from the rollups as from raw readings', async () => {
    const raw = await list(CLINICIAN, true);
    await runJob();
    expect(await list(CLINICIAN, true)).toEqual(raw);
  });
});
