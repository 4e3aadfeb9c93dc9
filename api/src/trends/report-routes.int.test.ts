import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../../db/src/seed.ts';
import { apiHarness, type Harness } from '../../../test/support/api-harness.ts';
import { useTestDb } from '../../../test/support/db-fixture.ts';
import { at, bpReadings, createMonitoredPatient, insertReadings, series } from './testing/readings-fixtures.ts';

const db = useTestDb();
let h: Harness;
const CLINICIAN = 'dr.chen@demo.vitals';
const get = (path: string) => h.request(path, { as: CLINICIAN });

beforeAll(async () => {
  await seedDemo(db().pool);
  h = apiHarness(db().pool);
});

describe('GET /v1/patients/{id}/reports/glucose', () => {
  // 14 local days in Berlin (CET all along): 5 January 00:00 to 19 January 00:00. A CGM reading
  // every 5 minutes cycling through 8 values, so each value is 504 of 4,032 readings (12.5 %), and
  // since 288 readings a day is a multiple of 8, every day repeats the same values at the same times.
  const FROM = '2026-01-04T23:00:00Z';
  const TO = '2026-01-18T23:00:00Z';
  const CYCLE = [45, 60, 80, 100, 120, 150, 200, 300];
  let patientId: string;

  beforeAll(async () => {
    const p = await createMonitoredPatient(db().pool, { timeZone: 'Europe/Berlin' });
    patientId = p.patientId;
    await insertReadings(db().pool, patientId, p.deviceId, series(at(FROM), 4032, (i) => CYCLE[i % 8]!));
    // a finger-stick on a meter: not part of the CGM series unless source=all
    const meter = await createMonitoredPatient(db().pool, { timeZone: 'Europe/Berlin', deviceType: 'glucose_meter' });
    await insertReadings(db().pool, patientId, meter.deviceId, [{ t: at('2026-01-10T08:00:00Z'), v: 101 }]);
  });

  it('computes the consensus report from hand-computed values', async () => {
    const r = await get(`/v1/patients/${patientId}/reports/glucose?from=${FROM}&to=${TO}`);
    expect(r.status).toBe(200);
    const report = await r.json();
    expect(report).toMatchObject({ count: 4032, expectedReadings: 4032, cgmActivePercent: 100, daysWithData: 14, sufficientData: true, insufficientReasons: [] });
    expect(report.period).toEqual({ from: '2026-01-04T23:00:00.000Z', to: '2026-01-18T23:00:00.000Z', timeZone: 'Europe/Berlin', days: 14 });
    // mean = 1055 / 8 = 131.875; sample SD = √(6224.609375 × 4032/4031) = 78.905979; CV = 59.8339 %
    expect(report.meanGlucose).toBeCloseTo(131.875, 9);
    expect(report.sd).toBeCloseTo(78.905979, 5);
    expect(report.cvPercent).toBeCloseTo(59.8339, 3);
    expect(report.unstable).toBe(true);
    // GMI % = 3.31 + 0.02392 × 131.875 = 6.46445; mmol/mol = 12.71 + 4.70587 × 131.875 / 18.016 = 47.156415
    expect(report.gmi.percent).toBeCloseTo(6.46445, 9);
    expect(report.gmi.mmolPerMol).toBeCloseTo(47.156415, 5);
    expect(report.ranges).toEqual({
      belowLevel2: { count: 504, percent: 12.5 },
      belowLevel1: { count: 504, percent: 12.5 },
      below: { count: 1008, percent: 25 },
      inRange: { count: 2016, percent: 50 },
      above: { count: 1008, percent: 25 },
      aboveLevel1: { count: 504, percent: 12.5 },
      aboveLevel2: { count: 504, percent: 12.5 },
    });
    // r = 10 f², f = 1.509 (ln(BG)^1.084 − 5.381): low risks 28.664576 + 13.570602 + 4.015354 + 0.482051,
    // high risks 0.144131 + 2.885654 + 11.604748 + 33.951988; each over 8 values
    expect(report.risk.lbgi).toBeCloseTo(46.732583 / 8, 5);
    expect(report.risk.hbgi).toBeCloseTo(48.586521 / 8, 5);
    expect([report.risk.lbgiCategory, report.risk.hbgiCategory]).toEqual(['high', 'moderate']);
  });

  it('gives the AGP by local time of day', async () => {
    const report = await (await get(`/v1/patients/${patientId}/reports/glucose?from=${FROM}&to=${TO}`)).json();
    expect(report.agp.bins).toHaveLength(96);
    // 00:00–00:15 local: readings 0, 1, 2 of each day = 45, 60, 80, 14 times each (n = 42, sorted
    // 14 × 45, 14 × 60, 14 × 80): p5 h = 2.05 → 45; p25 h = 10.25 → 45; p50 h = 20.5 → 60; p75 h = 30.75 → 80; p95 → 80
    expect(report.agp.bins[0]).toEqual({ startMinute: 0, endMinute: 15, count: 42, p5: 45, p25: 45, p50: 60, p75: 80, p95: 80 });
    // 00:15–00:30: 100, 120, 150
    expect(report.agp.bins[1]).toEqual({ startMinute: 15, endMinute: 30, count: 42, p5: 100, p25: 100, p50: 120, p75: 150, p95: 150 });
    const hourly = await (await get(`/v1/patients/${patientId}/reports/glucose?from=${FROM}&to=${TO}&agpBinMinutes=60`)).json();
    // 00:00–01:00 holds readings 0–11 of each day: 45, 60, 80, 100 twice, 120, 150, 200, 300 once; over 14 days
    // sorted: 45 at 0–27, 60 at 28–55, 80 at 56–83, 100 at 84–111, …; p50 h = 83.5 → 80 + 0.5 × (100 − 80) = 90
    expect(hourly.agp.bins).toHaveLength(24);
    expect(hourly.agp.bins[0]).toMatchObject({ count: 168, p50: 90 });
  });

  it('applies the patient’s own targets', async () => {
    await db().pool.query(`INSERT INTO patient_glucose_targets (patient_id, low_below, high_above) VALUES ($1, 63, 140)`, [patientId]);
    try {
      const report = await (await get(`/v1/patients/${patientId}/reports/glucose?from=${FROM}&to=${TO}`)).json();
      expect(report.targets).toEqual({ veryLowBelow: 54, lowBelow: 63, highAbove: 140, veryHighAbove: 250 });
      // < 54: 45 · 54–62: 60 · 63–140: 80, 100, 120 · 141–250: 150, 200 · > 250: 300
      expect(report.ranges.inRange).toEqual({ count: 1512, percent: 37.5 });
      expect(report.ranges.belowLevel1).toEqual({ count: 504, percent: 12.5 });
      expect(report.ranges.aboveLevel1).toEqual({ count: 1008, percent: 25 });
    } finally {
      await db().pool.query('DELETE FROM patient_glucose_targets WHERE patient_id = $1', [patientId]);
    }
  });

  it('leaves meter readings out unless source=all', async () => {
    const all = await (await get(`/v1/patients/${patientId}/reports/glucose?from=${FROM}&to=${TO}&source=all`)).json();
    expect(all.count).toBe(4033);
  });

  it('defaults to the last 14 complete local days, and reports an empty period as insufficient with null statistics', async () => {
    // harness clock 2026-06-01T12:00Z (14:00 in Berlin): 18 May 00:00 to 1 June 00:00, CEST
    const report = await (await get(`/v1/patients/${patientId}/reports/glucose`)).json();
    expect(report.period).toEqual({ from: '2026-05-17T22:00:00.000Z', to: '2026-05-31T22:00:00.000Z', timeZone: 'Europe/Berlin', days: 14 });
    expect(report).toMatchObject({ count: 0, cgmActivePercent: 0, meanGlucose: null, sd: null, gmi: null, unstable: null, sufficientData: false });
    expect(report.insufficientReasons).toEqual(['no-readings', 'cgm-active-below-minimum']);
    expect(report.risk).toEqual({ lbgi: null, hbgi: null, lbgiCategory: null, hbgiCategory: null });
  });

  it('measures a period across a DST change in local days and elapsed readings', async () => {
    // 23 March 00:00 CET to 6 April 00:00 CEST: 14 local days, 335 hours, 4,020 expected readings
    const report = await (await get(`/v1/patients/${patientId}/reports/glucose?from=2026-03-22T23:00:00Z&to=2026-04-05T22:00:00Z`)).json();
    expect(report.period.days).toBe(14);
    expect(report.expectedReadings).toBe(4020);
  });

  it('refuses bad input with 400 problem+json', async () => {
    for (const query of [`from=${TO}&to=${FROM}`, 'from=2026-01-01T00:00:00Z&to=2026-06-01T00:00:00Z', 'agpBinMinutes=7', 'source=meter', 'sensorIntervalMinutes=0', `from=${FROM}&to=2026-01-04T23:03:00Z`]) {
      const r = await get(`/v1/patients/${patientId}/reports/glucose?${query}`);
      expect(r.status, query).toBe(400);
      expect(r.headers.get('content-type')).toBe('application/problem+json');
    }
  });
});

describe('GET /v1/patients/{id}/reports/blood-pressure', () => {
  it('computes averages, morning and evening, and ACC/AHA categories from hand-computed values', async () => {
    const { patientId, deviceId } = await createMonitoredPatient(db().pool, { timeZone: 'America/New_York', deviceType: 'bp_cuff' });
    // 12 May 2026 in New York (EDT, UTC−4)
    await insertReadings(
      db().pool,
      patientId,
      deviceId,
      bpReadings([
        { t: at('2026-05-12T11:00:00Z'), sys: 128, dia: 82, pulse: 70 }, // 07:00, morning: stage 1 by diastolic
        { t: at('2026-05-12T12:00:00Z'), sys: 122, dia: 78 }, // 08:00, morning: elevated
        { t: at('2026-05-12T18:00:00Z'), sys: 118, dia: 76 }, // 14:00, neither window: normal
        { t: at('2026-05-13T00:00:00Z'), sys: 142, dia: 88, pulse: 80 }, // 20:00, evening: stage 2
      ]),
    );
    // an oximeter's heart rate at the same instant is not the cuff's pulse
    await insertReadings(db().pool, patientId, randomUUID(), [{ t: at('2026-05-12T12:00:00Z'), v: 99, metric: 'heart_rate' }]);

    const r = await get(`/v1/patients/${patientId}/reports/blood-pressure?from=2026-05-12T04:00:00Z&to=2026-05-13T04:00:00Z`);
    expect(r.status).toBe(200);
    const report = await r.json();
    expect(report).toMatchObject({ timeZone: 'America/New_York', from: '2026-05-12T04:00:00.000Z', to: '2026-05-13T04:00:00.000Z' });
    // period: systolic 128, 122, 118, 142 → mean 127.5, sample SD √(331 / 3) = 10.50397; diastolic mean 81
    // rounded 128/81 → stage 1 (diastolic 80–89)
    expect(report.period).toMatchObject({ count: 4, averageCategory: 'stage1' });
    expect(report.period.systolic).toMatchObject({ count: 4, mean: 127.5, min: 118, max: 142 });
    expect(report.period.systolic.sd).toBeCloseTo(10.50397, 5);
    expect(report.period.diastolic).toMatchObject({ mean: 81, min: 76, max: 88 });
    expect(report.period.pulse).toMatchObject({ count: 2, mean: 75 });
    // morning: 125/80 → stage 1; evening: 142/88 → stage 2
    expect(report.morning).toMatchObject({ count: 2, averageCategory: 'stage1', window: { startMinute: 240, endMinute: 720 } });
    expect(report.morning.systolic.mean).toBe(125);
    expect(report.evening).toMatchObject({ count: 1, averageCategory: 'stage2' });
    expect(report.categoryCounts).toEqual({ normal: 1, elevated: 1, stage1: 1, stage2: 1, crisis: 0 });
    expect(report.readings.map((x: { category: string }) => x.category)).toEqual(['stage1', 'elevated', 'normal', 'stage2']);
  });

  it('defaults to the last 30 local days up to now, and reports an empty period with null statistics', async () => {
    const { patientId } = await createMonitoredPatient(db().pool, { timeZone: 'America/New_York', deviceType: 'bp_cuff' });
    const report = await (await get(`/v1/patients/${patientId}/reports/blood-pressure`)).json();
    // harness clock 2026-06-01T12:00Z: 3 May 00:00 EDT to now
    expect([report.from, report.to]).toEqual(['2026-05-03T04:00:00.000Z', '2026-06-01T12:00:00.000Z']);
    expect(report.period).toMatchObject({ count: 0, averageCategory: null, systolic: { count: 0, mean: null, sd: null } });
    expect(report.readings).toEqual([]);
  });

  it('refuses a period longer than a year', async () => {
    const { patientId } = await createMonitoredPatient(db().pool, { timeZone: 'UTC', deviceType: 'bp_cuff' });
    const r = await get(`/v1/patients/${patientId}/reports/blood-pressure?from=2024-01-01T00:00:00Z&to=2026-01-01T00:00:00Z`);
    expect(r.status).toBe(400);
  });
});
