/**
 * Remote-monitoring compliance: local days with at least one reading in each 30-day period
 * counted from enrolment. CPT 99454 (RPM device supply) may be billed for a 30-day period with
 * readings on at least 16 days. Days are the patient's local calendar days, so a reading at
 * 23:30 in New York counts for that day, not for the next UTC day. Decisions:
 * docs/trend-statistics.md.
 */
import type { ComplianceOutlook, CompliancePeriod, ComplianceReport } from './schemas.ts';
import { toEpochMs, toIso, type Instant } from './instant.ts';
import { addDays, daysBetween, localCalendar, type LocalCalendar } from './time-zone.ts';
import { withDefaults } from './options.ts';

export const COMPLIANCE_DEFAULTS = Object.freeze({
  /** CPT 99454: "16 days or more of data in a 30-day period". */
  requiredDays: 16,
  periodDays: 30,
  /** Warn while two spare days are left rather than when none is, so staff have time to call. */
  atRiskMargin: 2,
});

export interface OutlookInput {
  /** Days of the period with a reading so far. */
  daysWithReadings: number;
  /** Days that can still become reading days: the days after today, plus today if it has no reading yet. */
  daysRemaining: number;
  requiredDays?: number;
  atRiskMargin?: number;
}

export interface ComplianceOptions {
  /** The patient's IANA time zone. */
  timeZone: string;
  /** First local day of the first period, `YYYY-MM-DD`. */
  enrolmentDate: string;
  /** Now, for the report: readings after it are ignored and the period containing it is "current". */
  asOf: Instant;
  requiredDays?: number;
  periodDays?: number;
  atRiskMargin?: number;
}

function wholeNumber(v: number, name: string, min = 0): number {
  if (!(Number.isInteger(v) && v >= min)) throw new RangeError(`${name} must be a whole number ≥ ${min}, got ${v}`);
  return v;
}

/**
 * Whether the current period can still reach the required reading days.
 * `atRisk` when the days needed exceed the days remaining minus the margin; never when the
 * requirement is already met.
 *
 * @example complianceOutlook({ daysWithReadings: 10, daysRemaining: 7 })
 * // { daysNeeded: 6, canStillQualify: true, atRisk: true, … }: 6 > 7 − 2
 * @throws RangeError for negative or fractional counts
 */
export function complianceOutlook(input: OutlookInput): ComplianceOutlook {
  const o = withDefaults(COMPLIANCE_DEFAULTS, input);
  const daysWithReadings = wholeNumber(o.daysWithReadings, 'daysWithReadings');
  const daysRemaining = wholeNumber(o.daysRemaining, 'daysRemaining');
  const daysNeeded = Math.max(0, wholeNumber(o.requiredDays, 'requiredDays', 1) - daysWithReadings);
  return {
    daysWithReadings,
    daysRemaining,
    daysNeeded,
    canStillQualify: daysNeeded <= daysRemaining,
    atRisk: daysNeeded > 0 && daysNeeded > daysRemaining - wholeNumber(o.atRiskMargin, 'atRiskMargin'),
  };
}

function period(index: number, dates: ReadonlySet<string>, calendar: LocalCalendar, o: { enrolmentDate: string; periodDays: number; requiredDays: number }, asOf: number): CompliancePeriod {
  const startDate = addDays(o.enrolmentDate, index * o.periodDays);
  const end = calendar.startOfDay(addDays(startDate, o.periodDays));
  const datesWithReadings = [...dates].sort();
  return {
    index,
    startDate,
    endDate: addDays(startDate, o.periodDays - 1),
    start: toIso(calendar.startOfDay(startDate)),
    end: toIso(end),
    daysWithReadings: datesWithReadings.length,
    datesWithReadings,
    qualifies: datesWithReadings.length >= o.requiredDays,
    complete: asOf >= end,
  };
}

/**
 * Compliance per period from enrolment up to the period containing `asOf`, with the outlook of
 * that current period.
 *
 * @param readings - readings of any metric from the patient's devices (only `t` is used)
 * @throws RangeError for an unknown zone, a malformed enrolment date or bad counts
 */
export function complianceReport(readings: readonly { t: Instant }[], options: ComplianceOptions): ComplianceReport {
  const o = withDefaults(COMPLIANCE_DEFAULTS, options);
  wholeNumber(o.periodDays, 'periodDays', 1);
  const calendar = localCalendar(o.timeZone);
  const asOf = toEpochMs(o.asOf);
  const today = calendar.localDate(asOf);
  const sinceEnrolment = daysBetween(o.enrolmentDate, today);
  const header = {
    timeZone: o.timeZone,
    enrolmentDate: o.enrolmentDate,
    asOf: toIso(asOf),
    requiredDays: wholeNumber(o.requiredDays, 'requiredDays', 1),
    periodDays: o.periodDays,
    atRiskMargin: wholeNumber(o.atRiskMargin, 'atRiskMargin'),
  };
  if (sinceEnrolment < 0) return { ...header, periods: [], current: null };

  const currentIndex = Math.floor(sinceEnrolment / o.periodDays);
  const dates = Array.from({ length: currentIndex + 1 }, () => new Set<string>());
  for (const r of readings) {
    if (toEpochMs(r.t) > asOf) continue;
    const date = calendar.localDate(r.t);
    const offset = daysBetween(o.enrolmentDate, date);
    if (offset >= 0) dates[Math.floor(offset / o.periodDays)]?.add(date);
  }
  const periods = dates.map((d, i) => period(i, d, calendar, o, asOf));
  const current = periods[currentIndex]!;
  const daysSoFar = daysBetween(current.startDate, today) + 1;
  const daysRemaining = o.periodDays - daysSoFar + (dates[currentIndex]!.has(today) ? 0 : 1);
  return {
    ...header,
    periods,
    current: {
      ...current,
      daysSoFar,
      outlook: complianceOutlook({
        daysWithReadings: current.daysWithReadings,
        daysRemaining,
        requiredDays: header.requiredDays,
        atRiskMargin: header.atRiskMargin,
      }),
    },
  };
}
