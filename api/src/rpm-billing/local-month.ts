/**
 * Billing facts in the patient's local calendar: which month a time entry belongs to and the
 * instants a local month spans. Everything billing counts is local to the patient (the clinic's
 * zone plays no part), so a month crossing a DST change is 743 or 745 hours long and a call at
 * 23:30 on the 31st belongs to that month even when it is already the 1st in UTC.
 */
import { localCalendar, type LocalCalendar } from '../trends/stats/time-zone.ts';
import type { TimeEntryFact } from './billing-rules.ts';
import { monthSpan } from './device-periods.ts';
import { addDays } from '../trends/stats/time-zone.ts';

/** `[from, to)` instants (epoch ms) of a local month. */
export function monthInstants(month: string, calendar: LocalCalendar): { from: number; to: number } {
  const span = monthSpan(month);
  return { from: calendar.startOfDay(span.startDate), to: calendar.startOfDay(addDays(span.endDate, 1)) };
}

/** The local month (`YYYY-MM`) of an instant in a zone. */
export const localMonthOf = (t: number, calendar: LocalCalendar): string => calendar.localDate(t).slice(0, 7);

/**
 * The entries that belong to a local month, by the local date they started on.
 *
 * @throws RangeError for an unknown zone or a malformed month
 */
export function entriesOfMonth<E extends TimeEntryFact>(entries: readonly E[], month: string, timeZone: string): E[] {
  const calendar = localCalendar(timeZone);
  return entries.filter((e) => localMonthOf(Date.parse(e.startedAt), calendar) === month);
}

/** The distinct local dates of some instants, sorted. */
export function localDates(instants: readonly number[], timeZone: string): string[] {
  const calendar = localCalendar(timeZone);
  return [...new Set(instants.map((t) => calendar.localDate(t)))].sort();
}
