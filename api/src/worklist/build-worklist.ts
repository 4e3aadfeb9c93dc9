/**
 * The triage worklist of a care team: the roster, then one query per flag family over all its
 * patients at once, run in parallel — alerts, glucose ranges, blood pressure, weights, and days
 * with readings — then the pure flag functions per patient. A team of 1,000 patients costs six
 * round trips, not thousands (bench/worklist.ts).
 */
import type pg from 'pg';
import type { ReadingPoint } from '../../../alerts/src/rules/inputs.ts';
import { devicePeriodOf, type DateSpan } from '../rpm-billing/device-periods.ts';
import { readingDays } from '../trends/compliance-repo.ts';
import { resolveTargets } from '../trends/stats/glucose-ranges.ts';
import type { GlucoseTargets } from '../trends/stats/schemas.ts';
import { addDays, localCalendar, type LocalCalendar } from '../trends/stats/time-zone.ts';
import { openFlagAlerts, recentWeights } from './alerts-family.ts';
import { bpSums } from './bp-family.ts';
import { complianceFlag, daysBefore, missedDaysFlag } from './flags/adherence-flags.ts';
import { urgentAlertsFlag, WEIGHT_LOOKBACK_HOURS, weightGainFlag } from './flags/alert-flags.ts';
import { bpFlag } from './flags/bp-flag.ts';
import type { WorklistFlag } from './flags/flag.ts';
import { glucoseFlags, pickGlucoseSeries } from './flags/glucose-flags.ts';
import { WORKLIST_THRESHOLDS } from './flags/thresholds.ts';
import { glucoseRangeCounts } from './glucose-family.ts';
import { glucoseRangesWatermark } from './glucose-ranges-refresh.ts';
import { priorityOf } from './ordering.ts';
import { loadRoster, type RosterRow } from './roster-repo.ts';
import type { PatientWindow } from './window-sql.ts';

export interface WorklistRow {
  patientId: string;
  mrn: string;
  givenName: string;
  familyName: string;
  timeZone: string;
  enrolment: { id: string; programId: string; startedAt: string; devicePeriod: RosterRow['devicePeriod'] };
  /** Newest local day with a reading, or null. */
  lastReadingDate: string | null;
  claim: { userId: string; displayName: string | null; at: string } | null;
  /** `YYYY-MM`: the patient's current local month, the period a review is for. */
  period: string;
  reviewedThisPeriod: boolean;
  review: { by: string; at: string } | null;
  lastNote: RosterRow['lastNote'];
  notes: number;
  /** The adherence ladder's active run: the last step done and the gap it belongs to. */
  adherence: { step: number; action: string; at: string; gapSince: string } | null;
  openTasks: number;
  flags: WorklistFlag[];
  priority: number;
}

const DAY_MS = 86_400_000;

/** What depends only on the zone and now: today and the windows' bounds, computed once per zone. */
interface ZoneClock {
  calendar: LocalCalendar;
  today: string;
  /** The complete local days the missed-days flag looks at. */
  lastWeek: string[];
  glucose: Pick<PatientWindow, 'fromDate' | 'toDate' | 'from' | 'to'>;
  bp: Pick<PatientWindow, 'fromDate' | 'toDate' | 'from' | 'to'>;
}

function zoneClock(timeZone: string, now: Date): ZoneClock {
  const t = WORKLIST_THRESHOLDS;
  const calendar = localCalendar(timeZone);
  const today = calendar.localDate(now);
  const glucoseFrom = addDays(today, -t.glucoseWindowDays);
  const bpFrom = addDays(today, -(t.bpWindowDays - 1));
  return {
    calendar,
    today,
    lastWeek: daysBefore(today),
    glucose: { fromDate: glucoseFrom, toDate: today, from: calendar.startOfDay(glucoseFrom), to: calendar.startOfDay(today) },
    bp: { fromDate: bpFrom, toDate: addDays(today, 1), from: calendar.startOfDay(bpFrom), to: now.getTime() },
  };
}

/** Per patient: local today and the windows each family reads. */
interface PatientPlan {
  roster: RosterRow;
  today: string;
  enrolment: { startDate: string; endDate: string | null };
  /** The device period holding today (null: the enrolment ends today or earlier). */
  period: DateSpan | null;
  /** lastWeek from the enrolment date on. */
  missedDays: string[];
  targets: GlucoseTargets;
  glucose: PatientWindow;
  bp: PatientWindow;
  /** First local date the days family must return. */
  daysFrom: string;
}

/** Device periods are calendar arithmetic on a few distinct enrolment dates: remember them. */
type PeriodMemo = Map<string, DateSpan | null>;

function planFor(r: RosterRow, zone: ZoneClock, periods: PeriodMemo): PatientPlan {
  const { calendar, today } = zone;
  const enrolment = { startDate: calendar.localDate(r.enrolledAt), endDate: r.endsAt ? calendar.localDate(r.endsAt.getTime() - 1) : null };
  const key = `${r.devicePeriod} ${enrolment.startDate} ${enrolment.endDate} ${today}`;
  const period = periods.has(key) ? periods.get(key)! : periods.set(key, devicePeriodOf(r.devicePeriod, enrolment, today)).get(key)!;
  const daysFrom = [zone.lastWeek[0]!, period?.startDate ?? today].sort()[0]!;
  const base = { patientId: r.patientId, timeZone: r.timeZone };
  return {
    roster: r,
    today,
    enrolment,
    period,
    missedDays: zone.lastWeek.filter((d) => d >= enrolment.startDate),
    targets: resolveTargets({ ...(r.veryLowBelow !== null && { veryLowBelow: r.veryLowBelow }), ...(r.lowBelow !== null && { lowBelow: r.lowBelow }), ...(r.highAbove !== null && { highAbove: r.highAbove }) }),
    glucose: { ...base, ...zone.glucose, rollupUsable: r.glucoseRollupUsable },
    bp: { ...base, ...zone.bp, rollupUsable: r.dailyRollupUsable },
    daysFrom: daysFrom < enrolment.startDate ? enrolment.startDate : daysFrom,
  };
}

interface Families {
  alerts: Awaited<ReturnType<typeof openFlagAlerts>>;
  glucose: Awaited<ReturnType<typeof glucoseRangeCounts>>;
  bp: Awaited<ReturnType<typeof bpSums>>;
  weights: Map<string, ReadingPoint[]>;
  days: Map<string, Set<string>>;
}

function flagsOf(p: PatientPlan, f: Families, now: Date): WorklistFlag[] {
  const id = p.roster.patientId;
  const alerts = f.alerts.get(id) ?? [];
  const days = f.days.get(id) ?? new Set<string>();
  return [
    urgentAlertsFlag(id, alerts),
    ...glucoseFlags(id, pickGlucoseSeries(f.glucose.get(id) ?? []), p.glucose, p.targets),
    bpFlag(id, f.bp.get(id) ?? null, p.bp),
    weightGainFlag(id, alerts, f.weights.get(id) ?? [], now),
    missedDaysFlag(id, days, p.missedDays),
    p.period ? complianceFlag(id, days, p.period, p.today) : null,
  ].filter((x): x is WorklistFlag => x !== null);
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function rowOf(p: PatientPlan, flags: WorklistFlag[], days: ReadonlySet<string>): WorklistRow {
  const r = p.roster;
  const lastStep = r.ladderFired?.at(-1);
  const lastReadingDate = [r.lastRolledUpDate, ...days].filter((d): d is string => d !== null).sort().at(-1) ?? null;
  return {
    patientId: r.patientId,
    mrn: r.mrn,
    givenName: r.givenName,
    familyName: r.familyName,
    timeZone: r.timeZone,
    enrolment: { id: r.enrolmentId, programId: r.programId, startedAt: r.enrolledAt.toISOString(), devicePeriod: r.devicePeriod },
    lastReadingDate,
    claim: r.claimedBy ? { userId: r.claimedBy, displayName: r.claimedByName, at: iso(r.claimedAt)! } : null,
    period: p.today.slice(0, 7),
    reviewedThisPeriod: r.reviewedBy !== null,
    review: r.reviewedBy ? { by: r.reviewedBy, at: iso(r.reviewedAt)! } : null,
    lastNote: r.lastNote ? { ...r.lastNote, at: new Date(r.lastNote.at).toISOString() } : null,
    notes: r.notes,
    adherence: lastStep && r.ladderGapSince ? { ...lastStep, gapSince: r.ladderGapSince.toISOString() } : null,
    openTasks: r.openTasks,
    flags,
    priority: priorityOf(flags),
  };
}

/**
 * Every enrolled patient of the team with their flags. Call after checking that the caller may
 * see the team: it checks nothing.
 */
export async function buildWorklist(db: pg.Pool, teamId: string, now: Date): Promise<WorklistRow[]> {
  // no zone is more than a day from UTC: one constant lower bound for the rollup index
  const earliestGlucoseDate = new Date(now.getTime() - (WORKLIST_THRESHOLDS.glucoseWindowDays + 2) * DAY_MS).toISOString().slice(0, 10);
  const roster = await loadRoster(db, teamId, now, earliestGlucoseDate);
  if (!roster.length) return [];
  // a team's patients live in a handful of zones: local dates are computed once per zone
  const zones = new Map<string, ZoneClock>();
  const zoneOf = (zone: string) => zones.get(zone) ?? zones.set(zone, zoneClock(zone, now)).get(zone)!;
  const periods: PeriodMemo = new Map();
  const plans = roster.map((r) => planFor(r, zoneOf(r.timeZone), periods));
  const ids = plans.map((p) => p.roster.patientId);

  const [{ rows: trendState }, rangesWatermark] = await Promise.all([db.query<{ watermark: string }>('SELECT watermark::text AS watermark FROM trend_rollup_state'), glucoseRangesWatermark(db)]);
  const trendWatermark = trendState[0]!.watermark;
  const [alerts, glucose, bp, weights, days] = await Promise.all([
    openFlagAlerts(db, ids),
    glucoseRangeCounts(db, plans.map((p) => p.glucose), new Map(plans.map((p) => [p.roster.patientId, p.targets])), rangesWatermark),
    bpSums(db, plans.map((p) => p.bp), trendWatermark),
    recentWeights(db, ids, new Date(now.getTime() - WEIGHT_LOOKBACK_HOURS * 3_600_000)),
    readingDays(db, plans.map((p) => ({ patientId: p.roster.patientId, timeZone: p.roster.timeZone, fromDate: p.daysFrom, dailyRollupUsable: p.roster.dailyRollupUsable })), trendWatermark),
  ]);
  const families: Families = { alerts, glucose, bp, weights, days: new Map([...days].map(([id, list]) => [id, new Set(list.map((d) => d.date))])) };
  return plans.map((p) => rowOf(p, flagsOf(p, families, now), families.days.get(p.roster.patientId) ?? new Set()));
}
