/**
 * The periods CPT 99454 days are counted in, as local calendar dates of the patient (a reading at
 * 23:30 in Los Angeles counts for that Los Angeles day, whatever the clinic's zone). Pure calendar
 * arithmetic on `YYYY-MM-DD` strings: a month that crosses a DST change still has its 28–31 days.
 */
import { addDays, daysBetween } from '../trends/stats/time-zone.ts';

/** `calendar_month`: each local month is a period; `enrolment_30_days`: runs of 30 days from the enrolment date. */
export type DevicePeriodKind = 'calendar_month' | 'enrolment_30_days';

/** A run of local dates, both ends included. */
export interface DateSpan {
  startDate: string;
  endDate: string;
}

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

/**
 * The first and last local date of a month.
 *
 * @example monthSpan('2026-02') // { startDate: '2026-02-01', endDate: '2026-02-28' }
 * @throws RangeError for anything but `YYYY-MM`
 */
export function monthSpan(month: string): DateSpan {
  const m = MONTH_RE.exec(month);
  if (!m) throw new RangeError(`not a month (YYYY-MM): ${month}`);
  const startDate = `${month}-01`;
  const next = Number(m[2]) === 12 ? `${Number(m[1]) + 1}-01-01` : `${m[1]}-${String(Number(m[2]) + 1).padStart(2, '0')}-01`;
  return { startDate, endDate: addDays(next, -1) };
}

/** The month (`YYYY-MM`) of a local date. */
export const monthOf = (date: string): string => date.slice(0, 7);

/** The part of `span` inside the enrolment, or null when they do not meet. */
function clip(span: DateSpan, enrolment: { startDate: string; endDate: string | null }): DateSpan | null {
  const startDate = span.startDate < enrolment.startDate ? enrolment.startDate : span.startDate;
  const endDate = enrolment.endDate !== null && enrolment.endDate < span.endDate ? enrolment.endDate : span.endDate;
  return startDate <= endDate ? { startDate, endDate } : null;
}

/**
 * Every device period of an enrolment from its first up to the one holding `lastDate`, in order,
 * each clipped to the enrolment (the first calendar month starts on the enrolment date; an ended
 * enrolment's last period ends on its last day).
 *
 * @param enrolment - local first and last date (null: ongoing)
 */
export function devicePeriodsThrough(kind: DevicePeriodKind, enrolment: { startDate: string; endDate: string | null }, lastDate: string, periodDays = 30): DateSpan[] {
  const out: DateSpan[] = [];
  if (lastDate < enrolment.startDate) return out;
  if (kind === 'calendar_month') {
    for (let month = monthOf(enrolment.startDate); month <= monthOf(lastDate); month = monthOf(addDays(monthSpan(month).endDate, 1))) {
      const span = clip(monthSpan(month), enrolment);
      if (span) out.push(span);
    }
    return out;
  }
  const count = Math.floor(daysBetween(enrolment.startDate, lastDate) / periodDays) + 1;
  for (let i = 0; i < count; i++) {
    const startDate = addDays(enrolment.startDate, i * periodDays);
    const span = clip({ startDate, endDate: addDays(startDate, periodDays - 1) }, enrolment);
    if (span) out.push(span);
  }
  return out;
}

/** The device period holding `date`, or null outside the enrolment. */
export function devicePeriodOf(kind: DevicePeriodKind, enrolment: { startDate: string; endDate: string | null }, date: string, periodDays = 30): DateSpan | null {
  const last = devicePeriodsThrough(kind, enrolment, date, periodDays).at(-1);
  return last && last.startDate <= date && date <= last.endDate ? last : null;
}
