import type pg from 'pg';
import { AIKO, AIKO_CGM, bpReadings, DAY, insertReadings, MARIA, MARIA_CUFF, MARIA_METER, MIN, type FixtureReading } from '../../../api/src/trends/testing/readings-fixtures.ts';

/** A smooth day-shaped curve with meals, plus a little day-to-day difference (deterministic). */
function glucoseAt(t: number, dayIndex: number): number {
  const hour = ((t % DAY) / 3_600_000 + 19) % 24; // New York local hour (UTC−5)
  const meal = (h: number, size: number) => size * Math.exp(-((hour - h) ** 2) / 1.5);
  return Math.round(105 + meal(8, 60) + meal(13, 70) + meal(19.5, 90 + (dayIndex % 3) * 25) - (hour < 5 ? 15 : 0) + Math.sin(dayIndex * 1.7) * 12);
}

/** Hours after UTC midnight of local (New York, UTC−5 in winter) 7:30, 12:30, 18:30 and 22:00. */
const METER_HOURS = [12.5, 17.5, 23.5, 27];
/** Local 7:00 and 20:00: the BP report's morning and evening windows. */
const CUFF_HOURS = [12, 25];

/**
 * Two weeks of history ending now, so the charts have something to draw: Maria's meter four
 * times a day and her cuff twice a day, Aiko's CGM every 5 minutes.
 */
export async function insertDemoHistory(db: pg.Pool, now = Date.now()): Promise<void> {
  const start = now - 14 * DAY;
  const meter: FixtureReading[] = [];
  const cuff: Array<{ t: number; sys: number; dia: number; pulse: number }> = [];
  const cgm: FixtureReading[] = [];
  for (let d = 0; d < 14; d++) {
    const day = start - (start % DAY) + d * DAY;
    for (const h of METER_HOURS) meter.push({ t: day + h * 3_600_000, v: glucoseAt(day + h * 3_600_000, d) });
    cuff.push({ t: day + CUFF_HOURS[0]! * 3_600_000, sys: 128 + (d % 5) * 4, dia: 80 + (d % 3) * 3, pulse: 72 }, { t: day + CUFF_HOURS[1]! * 3_600_000, sys: 134 + (d % 4) * 3, dia: 84 + (d % 2) * 2, pulse: 75 });
    for (let m = 0; m < 24 * 60; m += 5) cgm.push({ t: day + m * MIN, v: glucoseAt(day + m * MIN, d) + (m % 35) - 17 });
  }
  const past = <T extends { t: number }>(list: T[]) => list.filter((r) => r.t < now - 10 * MIN);
  await insertReadings(db, MARIA, MARIA_METER, past(meter));
  await insertReadings(db, MARIA, MARIA_CUFF, bpReadings(past(cuff)));
  await insertReadings(db, AIKO, AIKO_CGM, past(cgm));
}
