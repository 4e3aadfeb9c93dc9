/**
 * Home blood-pressure report for a period: averages with counts and SD, morning and evening
 * averages in the patient's local time, and the 2017 ACC/AHA category of every reading and of the
 * period average. Decisions and sources: docs/trend-statistics.md.
 */
import type { BpAverages, BpCategory, BpReport, LocalWindow } from './schemas.ts';
import { assertFinite, toEpochMs, toIso, type Instant } from './instant.ts';
import { summarize } from './percentile.ts';
import { localCalendar } from './time-zone.ts';
import { BP_CATEGORIES, classifyBloodPressure } from './bp-category.ts';
import { withDefaults } from './options.ts';

/** One paired BP measurement, mmHg (pulse /min when the cuff reports it). */
export interface BpReading {
  t: Instant;
  systolic: number;
  diastolic: number;
  pulse?: number | null;
}

/**
 * Default windows, wall-clock minutes since local midnight, `[start, end)`: morning 04:00–11:59
 * and evening 18:00–23:59, wide enough to hold the usual home-monitoring schedule (on waking
 * before medication, and before bed) whatever the patient's routine.
 */
export const BP_REPORT_DEFAULTS = Object.freeze({
  morning: Object.freeze({ startMinute: 4 * 60, endMinute: 12 * 60 }),
  evening: Object.freeze({ startMinute: 18 * 60, endMinute: 24 * 60 }),
});

export interface BpReportOptions {
  /** The patient's IANA time zone. */
  timeZone: string;
  /** Morning window; default 04:00–11:59 local. */
  morning?: LocalWindow;
  /** Evening window; default 18:00–23:59 local. */
  evening?: LocalWindow;
}

function checkWindow(w: LocalWindow, name: string): LocalWindow {
  const ok = (m: number, max: number) => Number.isInteger(m) && m >= 0 && m <= max;
  if (!(ok(w.startMinute, 1439) && ok(w.endMinute, 1440) && w.startMinute !== w.endMinute)) {
    throw new RangeError(`${name} window must start at a whole minute 0–1439 and end at a different one 0–1440, got ${JSON.stringify(w)}`);
  }
  return w;
}

/** Whether a wall-clock minute of the day is in `[start, end)`; a window with start > end wraps past midnight. */
export function inLocalWindow(minute: number, w: LocalWindow): boolean {
  return w.startMinute < w.endMinute ? minute >= w.startMinute && minute < w.endMinute : minute >= w.startMinute || minute < w.endMinute;
}

/**
 * Averages of a set of readings. The average's category is that of the means rounded to whole
 * mmHg, the resolution BP is recorded and displayed in, so a displayed "130/78" never shows as
 * "elevated" because the unrounded mean was 129.6.
 */
export function bpAverages(readings: readonly BpReading[]): BpAverages {
  const systolic = summarize(readings.map((r) => r.systolic));
  const diastolic = summarize(readings.map((r) => r.diastolic));
  const pulse = summarize(readings.flatMap((r) => (r.pulse == null ? [] : [r.pulse])));
  const averageCategory =
    systolic.mean === null || diastolic.mean === null ? null : classifyBloodPressure(Math.round(systolic.mean), Math.round(diastolic.mean));
  return { count: readings.length, systolic, diastolic, pulse, averageCategory };
}

/**
 * The BP report for a set of readings (the caller chooses the period).
 *
 * @throws RangeError for an unknown zone, a malformed window, or a reading with a non-finite value
 */
export function bpReport(readings: readonly BpReading[], options: BpReportOptions): BpReport {
  const o = withDefaults(BP_REPORT_DEFAULTS, options);
  const morning = checkWindow(o.morning, 'morning');
  const evening = checkWindow(o.evening, 'evening');
  const calendar = localCalendar(o.timeZone);
  const sorted = readings
    .map((r) => {
      assertFinite(r.systolic, 'systolic');
      assertFinite(r.diastolic, 'diastolic');
      if (r.pulse != null) assertFinite(r.pulse, 'pulse');
      return { ...r, ms: toEpochMs(r.t), minute: calendar.minutesSinceMidnight(r.t) };
    })
    .sort((a, b) => a.ms - b.ms);

  const categoryCounts = Object.fromEntries(BP_CATEGORIES.map((c) => [c, 0])) as Record<BpCategory, number>;
  const categorized = sorted.map((r) => {
    const category = classifyBloodPressure(r.systolic, r.diastolic);
    categoryCounts[category] += 1;
    return { t: toIso(r.ms), systolic: r.systolic, diastolic: r.diastolic, category };
  });
  const inWindow = (w: LocalWindow) => ({ ...bpAverages(sorted.filter((r) => inLocalWindow(r.minute, w))), window: { ...w } });
  return {
    timeZone: o.timeZone,
    period: bpAverages(sorted),
    morning: inWindow(morning),
    evening: inWindow(evening),
    categoryCounts,
    readings: categorized,
  };
}
