/**
 * The CGM report of the International Consensus on Time in Range (Battelino et al., Diabetes Care
 * 2019;42:1593): CGM active time and data sufficiency, mean glucose, GMI, %CV, time in ranges,
 * the AGP, and Kovatchev's LBGI/HBGI. Decisions and sources: docs/trend-statistics.md.
 */
import type { Gmi, GlucoseReport, GlucoseTargets, InsufficientReason } from './schemas.ts';
import { assertFinite, toEpochMs, toIso, type Instant, type TimedValue } from './instant.ts';
import { coefficientOfVariation, mean, sampleSd } from './percentile.ts';
import { DAY_MS, MINUTE_MS, localCalendar } from './time-zone.ts';
import { resolveTargets, timeInRanges } from './glucose-ranges.ts';
import { glycemicRisk } from './glucose-risk.ts';
import { agpProfile, DEFAULT_AGP_BIN_MINUTES } from './agp.ts';
import { withDefaults } from './options.ts';
import { MG_DL_PER_MMOL_L } from '../../../../common/src/metrics.ts';

/** Defaults, each from the consensus unless noted. */
export const GLUCOSE_REPORT_DEFAULTS = Object.freeze({
  /** Minutes between readings of most current CGMs (e.g. Dexcom G6/G7); set it per device. */
  sensorIntervalMinutes: 5,
  agpBinMinutes: DEFAULT_AGP_BIN_MINUTES,
  /** "Percentage of time CGM is active: recommend 70% of data from 14 days". */
  minActivePercent: 70,
  minPeriodDays: 14,
  /** "Glycemic variability (%CV) target ≤ 36%". */
  cvUnstableAbovePercent: 36,
});

export interface GlucoseReportOptions {
  /** The reporting period, `[from, to)`. Readings outside it are counted in `ignoredOutsidePeriod` only. */
  period: { from: Instant; to: Instant };
  /** The patient's IANA time zone, for the AGP time of day and local days. */
  timeZone: string;
  /** Minutes between CGM readings; default 5. */
  sensorIntervalMinutes?: number;
  /** The patient's own targets, laid over the consensus ranges. */
  targets?: Partial<GlucoseTargets>;
  /** AGP bin width in minutes, dividing 1440; default 15 (60 for hourly). */
  agpBinMinutes?: number;
  /** CGM active % below which the data are insufficient; default 70. */
  minActivePercent?: number;
  /** Period length in local days below which the data are insufficient; default 14. */
  minPeriodDays?: number;
  /** %CV above which glucose is flagged unstable; default 36. */
  cvUnstableAbovePercent?: number;
}

/**
 * Glucose management indicator from a mean glucose in mg/dL (Bergenstal et al., Diabetes Care
 * 2018;41:2275): GMI (%) = 3.31 + 0.02392 × mean mg/dL and GMI (mmol/mol) = 12.71 + 4.70587 × mean
 * mmol/L, with mmol/L = mg/dL ÷ 18.016, the platform's conversion (common/src/metrics.ts).
 *
 * @example gmi(154) // { percent: 6.99368, mmolPerMol: 52.9358… }
 */
export function gmi(meanMgDl: number): Gmi {
  return { percent: 3.31 + 0.02392 * meanMgDl, mmolPerMol: 12.71 + 4.70587 * (meanMgDl / MG_DL_PER_MMOL_L) };
}

function positive(v: number, name: string): number {
  if (!(Number.isFinite(v) && v > 0)) throw new RangeError(`${name} must be a positive number, got ${v}`);
  return v;
}

/**
 * The consensus CGM report for one period. It always computes what it can: with too little data
 * `sufficientData` is false and `insufficientReasons` says why, but the statistics are still
 * there; with no readings they are null.
 *
 * - CGM active % = min(100, readings in period ÷ expected readings × 100), expected =
 *   ⌊period duration ÷ sensor interval⌋ in elapsed time (a 23-hour DST day expects 276 readings).
 * - The period length in days is in local wall-clock days, so midnight to midnight over 14 local
 *   days is 14 days even across a DST change.
 * - Time in ranges is by reading count; gaps are never interpolated.
 *
 * @param points - CGM glucose readings, mg/dL, any order
 * @throws RangeError for bad options (unknown zone, empty period, non-positive interval, targets
 *   out of order) or a reading that is not finite or is below 1 mg/dL
 */
export function glucoseReport(points: readonly TimedValue[], options: GlucoseReportOptions): GlucoseReport {
  const o = withDefaults(GLUCOSE_REPORT_DEFAULTS, options);
  const calendar = localCalendar(o.timeZone);
  const targets = resolveTargets(o.targets);
  const from = toEpochMs(o.period.from);
  const to = toEpochMs(o.period.to);
  const intervalMs = positive(o.sensorIntervalMinutes, 'sensorIntervalMinutes') * MINUTE_MS;
  if (!(to - from >= intervalMs)) throw new RangeError('the period must last at least one sensor interval');

  const inPeriod = points.filter((p) => {
    assertFinite(p.v, 'glucose');
    const t = toEpochMs(p.t);
    return t >= from && t < to;
  });
  const values = inPeriod.map((p) => p.v);
  const count = values.length;

  const days = (to + calendar.offsetMs(to) - (from + calendar.offsetMs(from))) / DAY_MS;
  const expectedReadings = Math.floor((to - from) / intervalMs);
  const cgmActivePercent = Math.min(100, (100 * count) / expectedReadings);
  const insufficientReasons: InsufficientReason[] = [];
  if (count === 0) insufficientReasons.push('no-readings');
  if (cgmActivePercent < o.minActivePercent) insufficientReasons.push('cgm-active-below-minimum');
  if (days < o.minPeriodDays) insufficientReasons.push('period-shorter-than-minimum');

  const meanGlucose = mean(values);
  const cvPercent = coefficientOfVariation(values);
  return {
    period: { from: toIso(from), to: toIso(to), timeZone: o.timeZone, days },
    count,
    ignoredOutsidePeriod: points.length - count,
    daysWithData: new Set(inPeriod.map((p) => calendar.localDate(p.t))).size,
    sensorIntervalMinutes: o.sensorIntervalMinutes,
    expectedReadings,
    cgmActivePercent,
    sufficientData: insufficientReasons.length === 0,
    insufficientReasons,
    meanGlucose,
    sd: sampleSd(values),
    cvPercent,
    unstable: cvPercent === null ? null : cvPercent > o.cvUnstableAbovePercent,
    cvUnstableAbovePercent: o.cvUnstableAbovePercent,
    gmi: meanGlucose === null ? null : gmi(meanGlucose),
    targets,
    ranges: timeInRanges(values, targets),
    risk: glycemicRisk(values),
    agp: agpProfile(inPeriod, calendar, o.agpBinMinutes),
  };
}
