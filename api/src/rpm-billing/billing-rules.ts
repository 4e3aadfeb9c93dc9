/**
 * The RPM billing rules for one patient and one calendar month, as pure functions over a rule set
 * (rule-set.ts): which codes the month supports and the evidence for each, or why a code is not
 * met. No database and no clock: the report repository gathers the facts, this decides.
 *
 * - Device supply (99454, and 99445 from 2026): one line per device period ending in the month,
 *   for the first tier whose day count the period reaches.
 * - Set-up and education (99453): once per enrolment, with the first device period that reaches
 *   the set-up tier's days, provided set-up was recorded by the end of that period.
 * - Treatment management (99457, 99470 from 2026, add-on 99458): minutes of the month's time
 *   entries, whole minutes only (19 min 59 s is 19), and only with at least one interactive
 *   communication on a channel the rule set accepts.
 *
 * Sources and decisions: docs/rpm-workflow.md ("RPM billing").
 */
import type { DateSpan } from './device-periods.ts';
import type { CommunicationChannel, VersionedRules } from './rule-set.ts';

/** A device period with the local dates on which the patient sent at least one reading. */
export interface DevicePeriodDays extends DateSpan {
  dates: readonly string[];
}

/** A time entry of the month, as the rules see it. */
export interface TimeEntryFact {
  id: string;
  /** ISO instant the work started. */
  startedAt: string;
  seconds: number;
  /** Set for a communication; null for monitoring work without one. */
  channel: CommunicationChannel | null;
}

export interface MonthBillInput {
  /** `YYYY-MM`, in the patient's zone. */
  month: string;
  /** Every device period of the enrolment up to the last one ending in the month, in order. */
  periods: readonly DevicePeriodDays[];
  /** Local date device set-up and education were recorded; null: not recorded. */
  setupCompletedOn: string | null;
  /** Time entries whose local start date is in the month. */
  timeEntries: readonly TimeEntryFact[];
  /** The rule set of a billing period starting on a date (rule-set.ts `ruleSetFor`, bound to the sets). */
  rulesFor: (periodStart: string) => VersionedRules;
  /** Today in the patient's zone: a period or month not over yet gives lines that are not final. */
  today: string;
}

/** What a line rests on; only the fields of its kind are set. */
export interface Evidence {
  periodStart?: string;
  periodEnd?: string;
  daysWithReadings?: number;
  dates?: string[];
  setupCompletedOn?: string;
  minutes?: number;
  timeEntries?: number;
  interactiveCommunications?: Array<{ id: string; startedAt: string; channel: CommunicationChannel; seconds: number }>;
  blockMinutes?: number;
}

export interface BillingLine {
  code: string;
  units: number;
  kind: 'setup' | 'device_supply' | 'management' | 'management_add_on';
  rulesVersion: string;
  /** False while the period (or month) is still running: the figures can still grow. */
  final: boolean;
  evidence: Evidence;
}

export interface UnmetCode {
  code: string;
  rulesVersion: string;
  reason: string;
}

export interface MonthBill {
  month: string;
  lines: BillingLine[];
  unmet: UnmetCode[];
}

const monthOfDate = (date: string) => date.slice(0, 7);

/** The first tier a figure reaches, tiers in their rule-set order. */
function firstTier<T extends { code: string }>(tiers: readonly T[], reaches: (t: T) => boolean): T | undefined {
  return tiers.find(reaches);
}

/**
 * The device-supply code of one period: the first tier whose `minDays` the period reaches.
 *
 * @example deviceSupplyFor(16, rules) // { code: '99454', minDays: 16 }; with 15 days: none (2021 rules) or 99445 (2026 rules)
 */
export function deviceSupplyFor(daysWithReadings: number, rules: VersionedRules['rules']) {
  return firstTier(rules.deviceSupply.tiers, (t) => daysWithReadings >= t.minDays);
}

/** Whole minutes of a set of entries: seconds are summed first, then floored. */
export const wholeMinutes = (entries: readonly TimeEntryFact[]): number => Math.floor(entries.reduce((s, e) => s + e.seconds, 0) / 60);

/**
 * Treatment-management lines for a month's minutes and communications: the first tier reached,
 * then add-on units for each further full block after it.
 *
 * @example 20 min with a phone call → 99457; 39 min → 99457; 40 min → 99457 + 99458 × 1; 19 min → nothing (2021) or 99470 (2026)
 */
export function managementLines(entries: readonly TimeEntryFact[], set: VersionedRules, final: boolean): { lines: BillingLine[]; unmet: UnmetCode[] } {
  const { management } = set.rules;
  const minutes = wholeMinutes(entries);
  const interactive = entries.filter((e): e is TimeEntryFact & { channel: CommunicationChannel } => e.channel !== null && management.interactiveChannels.includes(e.channel));
  const lowest = Math.min(...management.tiers.map((t) => t.minMinutes));
  const firstCode = management.tiers[0]!.code;
  const unmet = (reason: string) => ({ lines: [], unmet: [{ code: firstCode, rulesVersion: set.version, reason }] });
  if (minutes < lowest) return unmet(`${minutes} minutes of management time; at least ${lowest} needed`);
  if (!interactive.length) return unmet(`no interactive communication (${management.interactiveChannels.join(' or ')}) in the month`);
  const tier = firstTier(management.tiers, (t) => minutes >= t.minMinutes)!;
  const evidence: Evidence = {
    minutes,
    timeEntries: entries.length,
    interactiveCommunications: interactive.map((e) => ({ id: e.id, startedAt: e.startedAt, channel: e.channel, seconds: e.seconds })),
  };
  const lines: BillingLine[] = [{ code: tier.code, units: 1, kind: 'management', rulesVersion: set.version, final, evidence }];
  const addOn = management.addOn;
  if (addOn && addOn.afterCode === tier.code) {
    const units = Math.floor((minutes - tier.minMinutes) / addOn.everyMinutes);
    if (units > 0) lines.push({ code: addOn.code, units, kind: 'management_add_on', rulesVersion: set.version, final, evidence: { minutes, blockMinutes: addOn.everyMinutes } });
  }
  return { lines, unmet: [] };
}

/** Device-supply and set-up lines of the periods ending in the month. */
function deviceLines(input: MonthBillInput): { lines: BillingLine[]; unmet: UnmetCode[] } {
  const lines: BillingLine[] = [];
  const unmet: UnmetCode[] = [];
  const setupPeriod = input.periods.find((p) => p.dates.length >= input.rulesFor(p.startDate).rules.setup.minDeviceDays);
  for (const p of input.periods.filter((x) => monthOfDate(x.endDate) === input.month)) {
    const set = input.rulesFor(p.startDate);
    const final = p.endDate < input.today;
    const days = { periodStart: p.startDate, periodEnd: p.endDate, daysWithReadings: p.dates.length };
    const tier = deviceSupplyFor(p.dates.length, set.rules);
    if (tier) lines.push({ code: tier.code, units: 1, kind: 'device_supply', rulesVersion: set.version, final, evidence: { ...days, dates: [...p.dates] } });
    else {
      const fewest = Math.min(...set.rules.deviceSupply.tiers.map((t) => t.minDays));
      unmet.push({ code: set.rules.deviceSupply.tiers[0]!.code, rulesVersion: set.version, reason: `${p.dates.length} days with readings from ${p.startDate} to ${p.endDate}; at least ${fewest} needed` });
    }
    if (p !== setupPeriod) continue;
    const setup = set.rules.setup;
    if (input.setupCompletedOn !== null && input.setupCompletedOn <= p.endDate) {
      lines.push({ code: setup.code, units: 1, kind: 'setup', rulesVersion: set.version, final, evidence: { ...days, setupCompletedOn: input.setupCompletedOn } });
    } else {
      unmet.push({ code: setup.code, rulesVersion: set.version, reason: 'device set-up and patient education were not recorded by the end of the first period with enough days' });
    }
  }
  return { lines, unmet };
}

/**
 * The codes one enrolment supports in one calendar month, with their evidence, and the codes not
 * met with the reason. Management uses the rule set in effect on the month's first day; each
 * device period the set in effect on its own first day.
 */
export function billMonth(input: MonthBillInput): MonthBill {
  const monthStart = `${input.month}-01`;
  const management = managementLines(input.timeEntries, input.rulesFor(monthStart), monthOfDate(input.today) > input.month);
  const device = deviceLines(input);
  return { month: input.month, lines: [...device.lines, ...management.lines], unmet: [...device.unmet, ...management.unmet] };
}
