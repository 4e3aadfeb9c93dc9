/**
 * The `[from, to)` a request asks about: the query's `from`/`to` where given, defaults in the
 * patient's local days where not, and the limits that keep a request from reading years of raw
 * rows. Every violation is a 400 problem naming the parameter, never a 500 from deeper down.
 */
import { ValidationError } from '../../../common/src/errors/index.ts';
import { addDays, daysBetween, type LocalCalendar } from './stats/time-zone.ts';

export interface PeriodRule {
  /** Local days the default period covers, ending with the local day of `to`. */
  defaultDays: number;
  /** Most local days a period may touch. */
  maxDays: number;
  /** Where `to` defaults to: now, or the start of today (only complete days). */
  defaultTo: 'now' | 'start-of-today';
  /** Shortest period in milliseconds (e.g. one sensor interval). */
  minMs?: number;
}

export interface Period {
  from: number;
  to: number;
}

const parse = (iso: string | undefined): number | undefined => (iso === undefined ? undefined : Date.parse(iso));

/**
 * Resolve a request's period. Without `to`: now, or the start of today. Without `from`: the start
 * of the local day `defaultDays − 1` days before the local day holding the end, so the default
 * period is that many whole local days (23–25 h each) however DST falls.
 *
 * @param query - `from` and `to` as validated ISO 8601 instants, each optional
 * @throws ValidationError when from is not before to, or the period is too long or too short
 */
export function resolvePeriod(query: { from?: string | undefined; to?: string | undefined }, rule: PeriodRule, calendar: LocalCalendar, now: Date): Period {
  const today = calendar.localDate(now);
  const to = parse(query.to) ?? (rule.defaultTo === 'now' ? now.getTime() : calendar.startOfDay(today));
  const lastDay = calendar.localDate(to - 1);
  const from = parse(query.from) ?? calendar.startOfDay(addDays(lastDay, 1 - rule.defaultDays));
  if (!(from < to)) throw new ValidationError('from must be before to', [{ path: 'from', message: 'must be before to' }]);
  const days = daysBetween(calendar.localDate(from), lastDay) + 1;
  if (days > rule.maxDays) {
    throw new ValidationError(`the period is too long: at most ${rule.maxDays} days here`, [{ path: 'from', message: `the period touches ${days} local days; at most ${rule.maxDays}` }]);
  }
  if (rule.minMs !== undefined && to - from < rule.minMs) {
    throw new ValidationError(`the period is too short: at least ${rule.minMs / 60_000} minutes`, [{ path: 'from', message: `at least ${rule.minMs / 60_000} minutes before to` }]);
  }
  return { from, to };
}
