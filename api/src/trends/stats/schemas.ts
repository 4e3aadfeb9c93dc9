/**
 * zod schemas of the trend-statistics outputs: the one source of their TypeScript types and of
 * their OpenAPI description in the HTTP layer. Each schema and its inferred type share a name,
 * as in common/src/wire. Methods, sources and clinical decisions: docs/trend-statistics.md.
 *
 * Instants are ISO 8601 strings in UTC; local dates are `YYYY-MM-DD` in the patient's zone.
 * A statistic that cannot be computed (no data, or too few values) is `null`, never `NaN`.
 */
import { z } from 'zod';

const instant = z.iso.datetime().describe('Instant in UTC, ISO 8601, e.g. 2026-01-01T05:00:00.000Z');
const localDate = z.iso.date().describe("Local calendar date in the patient's time zone, YYYY-MM-DD");
const count = z.number().int().nonnegative();
const maybe = z.number().nullable();
const percent = z.number().min(0).max(100);
const minuteOfDay = z.number().int().min(0).max(1440);

/** Count, mean, sample SD (n − 1), min and max of one series. */
export const Summary = z
  .object({ count, mean: maybe, sd: maybe.describe('Sample standard deviation (n − 1); null below 2 values'), min: maybe, max: maybe })
  .describe('Descriptive statistics of one series');
export type Summary = z.infer<typeof Summary>;

// ── Glucose (International Consensus on Time in Range 2019; AGP) ────────────────────────────

/** Glucose thresholds in mg/dL; the defaults are the consensus ranges, a patient's targets override them. */
export const GlucoseTargets = z
  .object({
    veryLowBelow: z.number().describe('Level 2 hypoglycemia below this (default 54 mg/dL)'),
    lowBelow: z.number().describe('Below range below this; lowest in-range value (default 70 mg/dL)'),
    highAbove: z.number().describe('Above range above this; highest in-range value (default 180 mg/dL)'),
    veryHighAbove: z.number().describe('Level 2 hyperglycemia above this (default 250 mg/dL)'),
  })
  .describe('Glucose range thresholds, mg/dL');
export type GlucoseTargets = z.infer<typeof GlucoseTargets>;

/** Readings in one glucose range and their share of all readings. */
export const RangeShare = z.object({ count, percent: percent.nullable().describe('Share of readings, %; null with no readings') });
export type RangeShare = z.infer<typeof RangeShare>;

/** Time in ranges by reading count (each CGM reading stands for one sensor interval). */
export const TimeInRanges = z
  .object({
    belowLevel2: RangeShare.describe('< veryLowBelow (TBR level 2, default < 54)'),
    belowLevel1: RangeShare.describe('veryLowBelow to < lowBelow (TBR level 1, default 54–69)'),
    below: RangeShare.describe('< lowBelow, cumulative (TBR, default < 70)'),
    inRange: RangeShare.describe('lowBelow to highAbove inclusive (TIR, default 70–180)'),
    above: RangeShare.describe('> highAbove, cumulative (TAR, default > 180)'),
    aboveLevel1: RangeShare.describe('> highAbove to veryHighAbove (TAR level 1, default 181–250)'),
    aboveLevel2: RangeShare.describe('> veryHighAbove (TAR level 2, default > 250)'),
  })
  .describe('Time below, in and above range (levels 1 and 2)');
export type TimeInRanges = z.infer<typeof TimeInRanges>;

export const LbgiCategory = z.enum(['minimal', 'low', 'moderate', 'high']);
export type LbgiCategory = z.infer<typeof LbgiCategory>;
export const HbgiCategory = z.enum(['low', 'moderate', 'high']);
export type HbgiCategory = z.infer<typeof HbgiCategory>;

/** Kovatchev low/high blood glucose indices and their risk categories. */
export const GlycemicRisk = z
  .object({
    lbgi: maybe.describe('Low blood glucose index (Kovatchev)'),
    hbgi: maybe.describe('High blood glucose index (Kovatchev)'),
    lbgiCategory: LbgiCategory.nullable(),
    hbgiCategory: HbgiCategory.nullable(),
  })
  .describe('Risk of hypo- and hyperglycemia');
export type GlycemicRisk = z.infer<typeof GlycemicRisk>;

/** One time-of-day bin of the AGP: glucose percentiles of every reading whose local time falls in it. */
export const AgpBin = z.object({
  startMinute: minuteOfDay.describe('Bin start, wall-clock minutes since local midnight'),
  endMinute: minuteOfDay.describe('Bin end (exclusive)'),
  count,
  p5: maybe,
  p25: maybe,
  p50: maybe,
  p75: maybe,
  p95: maybe,
});
export type AgpBin = z.infer<typeof AgpBin>;

/** Ambulatory glucose profile: percentile curves over the local time of day, unsmoothed. */
export const AgpProfile = z.object({ binMinutes: z.number().int().positive(), bins: z.array(AgpBin) }).describe('Ambulatory glucose profile');
export type AgpProfile = z.infer<typeof AgpProfile>;

/** Glucose management indicator (Bergenstal et al., Diabetes Care 2018;41:2275). */
export const Gmi = z.object({ percent: z.number(), mmolPerMol: z.number() }).describe('Glucose management indicator');
export type Gmi = z.infer<typeof Gmi>;

export const InsufficientReason = z.enum(['no-readings', 'cgm-active-below-minimum', 'period-shorter-than-minimum']);
export type InsufficientReason = z.infer<typeof InsufficientReason>;

/** A reporting period: `[from, to)` and its length in local days. */
export const ReportPeriod = z.object({
  from: instant,
  to: instant.describe('Exclusive end'),
  timeZone: z.string(),
  days: z.number().describe('Length in local calendar days (wall clock), so 14 local days count 14 across a DST change'),
});
export type ReportPeriod = z.infer<typeof ReportPeriod>;

/** The consensus CGM report for one period. */
export const GlucoseReport = z
  .object({
    period: ReportPeriod,
    count: count.describe('Readings inside the period'),
    ignoredOutsidePeriod: count.describe('Readings given but outside [from, to), left out of every statistic'),
    daysWithData: count.describe('Local days with at least one reading'),
    sensorIntervalMinutes: z.number().positive(),
    expectedReadings: count.describe('Period length / sensor interval'),
    cgmActivePercent: percent.describe('min(100, readings / expected readings × 100)'),
    sufficientData: z.boolean(),
    insufficientReasons: z.array(InsufficientReason),
    meanGlucose: maybe.describe('mg/dL'),
    sd: maybe.describe('Sample SD, mg/dL'),
    cvPercent: maybe.describe('100 × SD / mean'),
    unstable: z.boolean().nullable().describe('CV above the stability threshold (default 36%)'),
    cvUnstableAbovePercent: z.number(),
    gmi: Gmi.nullable(),
    targets: GlucoseTargets,
    ranges: TimeInRanges,
    risk: GlycemicRisk,
    agp: AgpProfile,
  })
  .describe('CGM report per the International Consensus on Time in Range (2019)');
export type GlucoseReport = z.infer<typeof GlucoseReport>;

// ── Blood pressure (2017 ACC/AHA guideline) ─────────────────────────────────────────────────

export const BpCategory = z.enum(['normal', 'elevated', 'stage1', 'stage2', 'crisis']).describe('2017 ACC/AHA blood pressure category');
export type BpCategory = z.infer<typeof BpCategory>;

/** Averages of a set of BP readings and the category of the (rounded) average. */
export const BpAverages = z.object({
  count,
  systolic: Summary,
  diastolic: Summary,
  pulse: Summary.describe('Only readings that carried a pulse'),
  averageCategory: BpCategory.nullable().describe('Category of the mean systolic/diastolic rounded to whole mmHg'),
});
export type BpAverages = z.infer<typeof BpAverages>;

/** A window of the local day, `[startMinute, endMinute)`; wraps past midnight when start > end. */
export const LocalWindow = z.object({ startMinute: minuteOfDay, endMinute: minuteOfDay });
export type LocalWindow = z.infer<typeof LocalWindow>;

export const BpReport = z
  .object({
    timeZone: z.string(),
    period: BpAverages,
    morning: BpAverages.extend({ window: LocalWindow }),
    evening: BpAverages.extend({ window: LocalWindow }),
    categoryCounts: z.record(BpCategory, count),
    readings: z.array(z.object({ t: instant, systolic: z.number(), diastolic: z.number(), category: BpCategory })).describe('Each reading, oldest first'),
  })
  .describe('Blood pressure report');
export type BpReport = z.infer<typeof BpReport>;

// ── Remote-monitoring compliance (CPT 99454) ────────────────────────────────────────────────

/** One 30-day monitoring period counted from enrolment, in local days. */
export const CompliancePeriod = z.object({
  index: count.describe('0 for the period starting on the enrolment date'),
  startDate: localDate,
  endDate: localDate.describe('Last local date of the period (inclusive)'),
  start: instant,
  end: instant.describe('Exclusive: start of the day after endDate'),
  daysWithReadings: count,
  datesWithReadings: z.array(localDate).describe('The local dates counted, for billing documentation'),
  qualifies: z.boolean().describe('daysWithReadings ≥ required days (16 for CPT 99454)'),
  complete: z.boolean().describe('The period has ended as of the report time'),
});
export type CompliancePeriod = z.infer<typeof CompliancePeriod>;

/** Whether the current period can still reach the required reading days. */
export const ComplianceOutlook = z.object({
  daysWithReadings: count,
  daysRemaining: count.describe('Days that can still become reading days: later days, plus today if it has no reading yet'),
  daysNeeded: count.describe('max(0, required − daysWithReadings)'),
  canStillQualify: z.boolean(),
  atRisk: z.boolean().describe('daysNeeded > daysRemaining − margin'),
});
export type ComplianceOutlook = z.infer<typeof ComplianceOutlook>;

export const ComplianceReport = z
  .object({
    timeZone: z.string(),
    enrolmentDate: localDate,
    asOf: instant,
    requiredDays: count,
    periodDays: count,
    atRiskMargin: count,
    periods: z.array(CompliancePeriod).describe('From enrolment to the period containing asOf'),
    current: CompliancePeriod.extend({ daysSoFar: count, outlook: ComplianceOutlook }).nullable(),
  })
  .describe('Remote-monitoring compliance (days with readings per 30-day period)');
export type ComplianceReport = z.infer<typeof ComplianceReport>;

// ── Trend buckets ───────────────────────────────────────────────────────────────────────────

export const BucketSize = z.enum(['15m', '1h', '1d', '1w']);
export type BucketSize = z.infer<typeof BucketSize>;

const bucketBounds = { start: instant, end: instant.describe('Exclusive') };
const BUCKET_STATS = ['min', 'max', 'mean', 'p10', 'p25', 'p50', 'p75', 'p90'] as const;
const bucketStats = <T extends z.ZodType>(type: T) =>
  Object.fromEntries(BUCKET_STATS.map((k) => [k, type])) as Record<(typeof BUCKET_STATS)[number], T>;

/** A bucket holding at least one point: min, max, mean and percentiles (percentile_cont) of its values. */
export const TrendBucket = z.object({ ...bucketBounds, count: z.number().int().positive(), ...bucketStats(z.number()) });
export type TrendBucket = z.infer<typeof TrendBucket>;

/** A chart slot: a bucket, or an empty one (count 0, null statistics) where there was no data. */
export const TrendSlot = z.object({ ...bucketBounds, count, ...bucketStats(maybe) });
export type TrendSlot = z.infer<typeof TrendSlot>;
